export * from './control-plane';
export * from '../props';
