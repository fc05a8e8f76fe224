/** The framework-neutral props of a control plane, shared by the cdk8s construct and the Pulumi component. */
export * from './distro';
export * from './backing-store';
export * from './persistence';
export * from './size';
export * from './control-plane-options';
