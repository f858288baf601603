import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { locardClient } from './api/client.js';
import { ClientContext } from './api/context.js';
import { App } from './App.js';
import './styles/tokens.css';
import './styles/app.css';
import './styles/evidence.css';
import './styles/indicators.css';
import './styles/timeline.css';
import './styles/graph.css';
import './styles/ocr.css';

// Paint the right theme before the settings arrive, so a dark-mode analyst is not flashed with white.
document.documentElement.dataset.theme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ClientContext.Provider value={locardClient()}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
}
