import { useState } from 'preact/hooks';
import { getReadiness, type Readiness } from '../api/health';
import type { MigrationState } from '../api/types';
import { ProblemMessage } from '../components/ProblemMessage';
import { useLoaded } from '../components/use-loaded';
import { TableScroll } from '../components/TableScroll';

/** What `/health/ready` knows about the database schema, and the command that fixes it. */
export function SchemaPage() {
  const [checks, setChecks] = useState(0);
  const { data: readiness, error } = useLoaded<Readiness>(getReadiness, [checks]);

  return (
    <section aria-labelledby="schema-title">
      <h1 id="schema-title" tabIndex={-1}>
        Schema
      </h1>
      <button type="button" class="secondary" onClick={() => setChecks((count) => count + 1)}>
        Check again
      </button>
      <ProblemMessage error={error} />
      {readiness?.migrations && <MigrationStatus migrations={readiness.migrations} />}
      {readiness?.ready === false && !readiness.migrations && (
        <DatabaseUnknown detail={readiness.detail} />
      )}
      <Commands />
    </section>
  );
}

function MigrationStatus({ migrations }: { migrations: MigrationState }) {
  const pendingSteps = migrations.dataSteps.filter((step) => step.state !== 'done');
  const blocking = !migrations.ready;
  return (
    <>
      <p class={blocking ? 'banner failed' : 'banner ok'} role="status">
        {blocking
          ? 'Not ready (blocking): the API answers 503 on /health/ready until the problems below are fixed.'
          : migrations.atHead
            ? 'Ready: the database is at the head of the migration history this build ships.'
            : 'Ready, with warnings: the API serves, but read them below.'}
      </p>
      <dl class="facts schema-facts">
        <div>
          <dt>Applied migrations</dt>
          <dd>{migrations.applied}</dd>
        </div>
        <div>
          <dt>Pending migrations</dt>
          <dd>
            <NameList names={migrations.pending} />
          </dd>
        </div>
        <div>
          <dt>Failed migrations</dt>
          <dd>
            <NameList names={migrations.failed} />
          </dd>
        </div>
        <div>
          <dt>Edited after applying</dt>
          <dd>
            <NameList names={migrations.edited} />
          </dd>
        </div>
        <div>
          <dt>Unknown to this build</dt>
          <dd>
            <NameList names={migrations.unknown} />
          </dd>
        </div>
      </dl>
      <h2>Pending data steps</h2>
      {pendingSteps.length === 0 ? (
        <p>None.</p>
      ) : (
        <TableScroll label="Pending data steps">
          <table>
            <thead>
              <tr>
                <th scope="col">Migration</th>
                <th scope="col">Mode</th>
                <th scope="col">Blocking</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {pendingSteps.map((step) => (
                <tr key={step.name}>
                  <td class="mono">{step.name}</td>
                  <td>{step.mode ?? '—'}</td>
                  <td>{step.blocking ? 'yes: keeps the API not ready' : 'no'}</td>
                  <td>{step.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {[...migrations.problems, ...migrations.warnings].length > 0 && (
        <>
          <h2>What the API says</h2>
          <ul>
            {[...migrations.problems, ...migrations.warnings].map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The database did not answer, so nothing is known about its migrations: only the API's words. */
function DatabaseUnknown({ detail }: { detail: string }) {
  return (
    <p class="banner failed" role="status">
      {detail}
    </p>
  );
}

function NameList({ names }: { names: string[] }) {
  if (names.length === 0) return <>none</>;
  return (
    <ul class="names">
      {names.map((name) => (
        <li key={name} class="mono">
          {name}
        </li>
      ))}
    </ul>
  );
}

function Commands() {
  return (
    <>
      <h2>Commands</h2>
      <p>
        Apply pending migrations and data steps: <code>pnpm migrate deploy</code>
      </p>
      <p>
        See every migration and data step in detail: <code>pnpm migrate status</code>
      </p>
    </>
  );
}
