import { LabIcon } from "@jupyterlab/ui-components";

/** A ledger page with a tick: the sidebar's tab icon. `jp-icon3` lets the theme colour it. */
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M6 2h9l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm8 1.5V8h4.5L14 3.5zM7 11v2h10v-2H7zm0 4v2h6v-2H7z"/>
    <path d="M15.3 18.6l1.4-1.4 1.3 1.3 3.1-3.1 1.4 1.4-4.5 4.5z"/>
  </g>
</svg>`;

export const discernusIcon = new LabIcon({ name: "discernus:sidebar", svgstr: svg });
