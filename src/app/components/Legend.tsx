/** What the marks of the graph mean: shown in presentation mode, where no panel explains them. */
export function Legend() {
  return (
    <div className="legend" data-testid="legend" aria-label="Legend">
      <span className="legend__item">
        <svg width="34" height="10" aria-hidden="true"><line x1="2" y1="5" x2="32" y2="5" className="legend__parent" /></svg>
        parent
      </span>
      <span className="legend__item">
        <svg width="34" height="10" aria-hidden="true"><line x1="2" y1="5" x2="32" y2="5" className="legend__link" /></svg>
        link (solid when long, on a large graph)
      </span>
      <span className="legend__item">
        <svg width="34" height="10" aria-hidden="true"><line x1="2" y1="5" x2="32" y2="5" className="legend__broken" /></svg>
        broken link
      </span>
      <span className="legend__item">
        <span className="legend__missing" aria-hidden="true" />
        missing target
      </span>
      <span className="legend__item">
        <span className="legend__error" aria-hidden="true" />
        error span
      </span>
      <span className="legend__item">
        <span className="legend__hidden" aria-hidden="true" />
        hidden spans (a collapsed trace)
      </span>
    </div>
  );
}
