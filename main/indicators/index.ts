/** Indicator extraction: the public surface of main/indicators (see README.md). */
export { extractIndicators, extractScreenName, MAX_SURFACE_LENGTH, type ExtractOptions } from './extract.js';
export {
  createIndicatorScanner,
  extractIndicatorsFromChunks,
  extractIndicatorsWindowed,
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  type IndicatorScanner,
  type StreamOptions,
} from './stream.js';
export { groupIndicators, indicatorKey } from './group.js';
export { ipAddressBytes } from './ip.js';
export { registrableDomain } from './domain.js';
export { defang, isDefanged, refang } from '../../shared/defang.js';
export type {
  Extraction,
  Indicator,
  IndicatorFlag,
  IndicatorOccurrence,
  IndicatorType,
  SocialPlatform,
} from '../../shared/indicator-types.js';
