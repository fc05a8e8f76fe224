export * from './control-plane';
export * from './distro';
export * from './backing-store';
export * from './persistence';
export * from './props';
