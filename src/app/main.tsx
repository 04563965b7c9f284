import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Served from a server (an intranet), the page keeps itself in a service worker's cache so that
// it opens again without a network. Never under file:// (registration cannot work there) nor
// from the dev server.
if (import.meta.env.PROD && location.protocol.startsWith('http') && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    console.warn('dicomanon: the service worker was not registered, no offline copy', error);
  });
}
