export * from './cdk8s';
