import { readYamlDocuments } from './yaml-files';

/** The parts of Kubernetes objects these tests read. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
export interface HttpProbe {
  httpGet?: { path?: string; port?: string | number; httpHeaders?: EnvVar[] };
}
export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
export interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
}
export interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: {
    replicas?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    strategy?: { rollingUpdate?: { maxUnavailable?: number | string } };
    template?: { metadata?: { annotations?: Record<string, string> }; spec: PodSpec };
    /** Service */
    ports?: { name?: string; port: number; targetPort?: string | number }[];
  };
  /** ConfigMap */
  data?: Record<string, string>;
  /** Secret */
  stringData?: Record<string, string>;
}

/** The one object of `kind` in a (multi-document) manifest file. */
export function manifestOfKind(path: string, kind: string): Manifest {
  const matching = readYamlDocuments<Manifest | null>(path).filter(
    (manifest): manifest is Manifest => manifest?.kind === kind,
  );
  if (matching.length !== 1) throw new Error(`${path}: ${matching.length} ${kind} objects, not 1`);
  return matching[0]!;
}

/** The pod spec of a Deployment or a Job. */
export function podSpecOf(manifest: Manifest): PodSpec {
  const pod = manifest.spec?.template?.spec;
  if (!pod) throw new Error(`${manifest.kind} ${manifest.metadata.name} has no pod template`);
  return pod;
}

/** The only container of a Deployment or a Job. */
export function containerOf(manifest: Manifest): Container {
  const { containers } = podSpecOf(manifest);
  if (containers.length !== 1)
    throw new Error(`${manifest.metadata.name}: ${containers.length} containers, not 1`);
  return containers[0]!;
}

export const envVar = (container: Container, name: string): EnvVar | undefined =>
  container.env?.find((variable) => variable.name === name);
