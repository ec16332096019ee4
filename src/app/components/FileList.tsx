import { selectFiles } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { removeFile } from '../worker/client';

/** Loaded files with their format and span count; each can be removed (the graph recomputes). */
export function FileList() {
  const files = useTraceStore(selectFiles);
  return (
    <section className="panel" aria-labelledby="files-title">
      <h2 className="panel__title" id="files-title">
        Files <span className="panel__count">{files.length}</span>
      </h2>
      {files.length === 0 ? (
        <p className="panel__empty">No files loaded.</p>
      ) : (
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.file} className="file-item" data-testid="file-item" data-file={f.file} data-spans={f.spans}>
              <span className="file-item__name" title={f.file}>
                {f.file}
              </span>
              <span className="file-item__meta">
                <span className="tag">{f.format ?? 'unknown'}</span>
                {f.spans.toLocaleString('en-US')} {f.spans === 1 ? 'span' : 'spans'}
                {f.problems.length > 0 ? (
                  <span className="tag tag--danger" title={f.problems.map((p) => p.message).join('\n')}>
                    {f.problems.length} {f.problems.length === 1 ? 'problem' : 'problems'}
                  </span>
                ) : null}
              </span>
              <button
                type="button"
                className="icon-btn"
                aria-label={`Remove ${f.file}`}
                title="Remove this file"
                onClick={() => removeFile(f.file)}
                data-testid="remove-file"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
