export * from './control-plane';
export type { CdkPlusSelectors } from './pod-selection';
export * from '../props';
