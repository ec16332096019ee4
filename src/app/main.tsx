import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startFromUrl, watchHash } from './share/url-state';
import { initTheme } from './styles/theme';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
initTheme();
// Started before the first render, so the app reads "loading" from its very first frame: a share
// link in the URL opens what it holds, otherwise the demo loads.
startFromUrl();
watchHash();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
