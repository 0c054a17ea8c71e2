import { Logger } from '@nestjs/common';

/**
 * Logs readiness when it changes, not on every probe: "not ready: <why>" as a warning (again if
 * the reason changes), then "ready again".
 */
export class ReadinessLog {
  private readonly logger = new Logger('Readiness');
  private last: string | undefined;

  record(ready: boolean, reason: string): void {
    const state = ready ? 'ready' : `not ready: ${reason}`;
    if (state === this.last) return;
    if (ready) this.logger.log(this.last === undefined ? 'ready' : 'ready again');
    else this.logger.warn(state);
    this.last = state;
  }
}
