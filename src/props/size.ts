/**
 * A storage size. cdk8s's `Size` is one (it has `toMebibytes()`); declaring only what is used keeps these props
 * free of cdk8s, so Pulumi programs use them without it.
 */
export interface ISize {
  /** The size in mebibytes. */
  toMebibytes(): number;
}

/**
 * A size as a Kubernetes quantity: an {@link ISize} in the largest binary unit that keeps it whole (10Gi, 512Mi),
 * or a quantity string as given.
 */
export function sizeQuantity(size: ISize | string): string {
  if (typeof size === 'string') return size;
  const mebibytes = size.toMebibytes();
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}
