// cytoscape-svg 0.4 ships no types: the extension function, and the `svg` method it adds to the core.
declare module 'cytoscape-svg' {
  import type cytoscape from 'cytoscape';

  const register: cytoscape.Ext;
  export default register;
}

declare namespace cytoscape {
  interface Core {
    /** An SVG document of the current view (or the whole graph with `full`). */
    svg(options?: { readonly full?: boolean; readonly scale?: number; readonly bg?: string }): string;
  }
}
