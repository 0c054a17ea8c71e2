import { Add, Copy, DockerfileParser, From, type Instruction, Run } from 'dockerfile-ast';
import { readText } from './repository';

export const DOCKERFILE = 'Dockerfile';

/** One instruction, as the tests read it. */
export interface Step {
  keyword: string;
  /** The arguments, continuation lines joined, comments dropped. */
  args: string;
  line: number;
  /** COPY/ADD: the stage or image it copies from (`--from=`); RUN: the stages it mounts. */
  from: string[];
  /** COPY/ADD from the build context: the paths copied (none with `--from=`). */
  sources: string[];
  /** CMD/ENTRYPOINT in exec form: its words. */
  exec?: string[];
}

export interface Stage {
  name?: string;
  /** The image (global ARGs substituted: `node:20-bookworm-slim`) or the earlier stage it starts from. */
  base: string;
  /** Its ARG defaults. */
  args: Map<string, string>;
  steps: Step[];
}

/** The Dockerfile's stages in order. */
export function readDockerfile(path = DOCKERFILE): Stage[] {
  const dockerfile = DockerfileParser.parse(readText(path));
  const globalArgs = new Map(
    dockerfile
      .getInitialARGs()
      .map((arg) => [arg.getProperty()?.getName() ?? '', arg.getProperty()?.getValue() ?? '']),
  );
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      stages.push({
        name: instruction.getBuildStage() ?? undefined,
        base: (instruction.getImage() ?? '').replace(
          /\$\{?(\w+)\}?/g,
          (_, name: string) => globalArgs.get(name) ?? '',
        ),
        args: new Map(),
        steps: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue; // a global ARG
    const step = stepOf(instruction);
    stage.steps.push(step);
    if (step.keyword === 'ARG') {
      const [name = '', value = ''] = step.args.split('=');
      stage.args.set(name, value);
    }
  }
  return stages;
}

function stepOf(instruction: Instruction): Step {
  const keyword = instruction.getKeyword();
  const args = instruction.getArgumentsContent() ?? '';
  const step: Step = {
    keyword,
    args,
    line: instruction.getRange().start.line + 1,
    from: [],
    sources: [],
  };
  if (instruction instanceof Copy || instruction instanceof Add) {
    const from = instruction.getFlags().find((flag) => flag.getName() === 'from');
    const paths = args.startsWith('[')
      ? (JSON.parse(args) as string[])
      : instruction.getArguments().map((argument) => argument.getValue());
    if (from) step.from = [from.getValue() ?? ''];
    else step.sources = paths.slice(0, -1);
  }
  if (instruction instanceof Run)
    step.from = instruction
      .getFlags()
      .filter((flag) => flag.getName() === 'mount')
      .flatMap((flag) => flag.getOption('from')?.getValue() ?? []);
  if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && args.startsWith('['))
    step.exec = JSON.parse(args) as string[];
  return step;
}

export const stageNamed = (stages: Stage[], name: string): Stage | undefined =>
  stages.find((stage) => stage.name === name);

/** The stages a step or stage refers to: by name, or by index (`--from=0`). */
function referencedStage(stages: Stage[], reference: string): Stage | undefined {
  return /^\d+$/.test(reference) ? stages[Number(reference)] : stageNamed(stages, reference);
}

/**
 * The stages `docker build --target <target>` builds: the target, the stages it starts from and
 * copies or mounts from, transitively; in file order.
 */
export function stagesReachableFrom(stages: Stage[], target: string): Stage[] {
  const reached = new Set<Stage>();
  const visit = (stage: Stage | undefined): void => {
    if (!stage || reached.has(stage)) return;
    reached.add(stage);
    visit(stageNamed(stages, stage.base));
    for (const step of stage.steps)
      for (const reference of step.from) visit(referencedStage(stages, reference));
  };
  visit(stageNamed(stages, target));
  return stages.filter((stage) => reached.has(stage));
}

/** The stages whose files `stage` copies (`COPY --from=<stage>`). */
export const stagesCopiedInto = (stages: Stage[], stage: Stage): Stage[] =>
  stage.steps
    .filter((step) => step.keyword === 'COPY')
    .flatMap((step) => step.from)
    .flatMap((reference) => referencedStage(stages, reference) ?? []);
