import { parse, parseAllDocuments } from 'yaml';
import { readText } from './repository';

/** One YAML document (a workflow, docker-compose.yml); a syntax error throws, naming the file. */
export function readYaml<T>(path: string): T {
  try {
    return parse(readText(path)) as T;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Every document of a `---`-separated YAML file (Kubernetes manifests). */
export function readYamlDocuments<T>(path: string): T[] {
  return parseAllDocuments(readText(path)).map((document) => {
    if (document.errors.length > 0)
      throw new Error(`${path}: ${document.errors.map((error) => error.message).join('\n')}`);
    return document.toJS() as T;
  });
}
