/**
 * Validates rendered objects against the Kubernetes OpenAPI schema, offline, with kubernetes-models' validators.
 * Throws with every invalid object's kind, name and schema errors.
 */
export function validateAgainstKubernetesSchema(objects: readonly { apiVersion: string; kind: string; metadata?: { name?: string } }[]): void {
  const errors: string[] = [];
  for (const object of objects) {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const modulePath = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = require(modulePath)[object.kind];
    try {
      new Model(object).validate();
    } catch (err) {
      errors.push(`${object.kind}/${object.metadata?.name}: ${(err as Error).message}`);
    }
  }
  if (errors.length > 0) throw new Error(`objects invalid against the Kubernetes schema:\n${errors.join('\n')}`);
}
