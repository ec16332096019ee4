/** The application shell. */
export function App() {
  return (
    <div className="app" data-testid="app">
      <header>
        <h1>tracelinks</h1>
      </header>
    </div>
  );
}
