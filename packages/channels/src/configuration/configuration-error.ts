/** One problem with a configuration, named as API problems name fields: `configuration.smtp_port`. */
export interface ConfigurationError {
  field: string;
  message: string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldName(path: readonly PropertyKey[]): string {
  return ['configuration', ...path.map(String)].join('.');
}
