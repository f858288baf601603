/** Injected by the build (scripts/build.mjs); tests running from source see the package version too. */
declare const __LOCARD_VERSION__: string | undefined;
export const LOCARD_VERSION: string = typeof __LOCARD_VERSION__ === 'string' ? __LOCARD_VERSION__ : '0.1.0';
