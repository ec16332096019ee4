import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadDemo } from './worker/client';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Started before the first render, so the app reads "loading" from its very first frame.
void loadDemo();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
