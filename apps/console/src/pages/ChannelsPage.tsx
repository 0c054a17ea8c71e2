import { useState } from 'preact/hooks';
import { listChannels, sendChannelTest } from '../api/channels';
import type { Channel, ChannelTestResult, ListPage } from '../api/types';
import { useCursorPaging } from '../components/cursor-paging';
import { ListPager } from '../components/ListPager';
import { describeError, ProblemMessage } from '../components/ProblemMessage';
import { useLoaded } from '../components/use-loaded';

const PAGE_SIZE = 50;

type ChannelsList = ListPage & { channels: Channel[] };

export function ChannelsPage() {
  const paging = useCursorPaging();
  const { data: list, error } = useLoaded<ChannelsList>(
    (signal) => listChannels({ limit: PAGE_SIZE, after: paging.after }, signal),
    [paging.after],
  );

  return (
    <section aria-labelledby="channels-title">
      <h1 id="channels-title" tabIndex={-1}>
        Channels
      </h1>
      <p class="hint">Secrets are masked by the API; the console never sees them.</p>
      <ProblemMessage error={error} />
      {list && list.channels.length === 0 && <p>No channels yet.</p>}
      {list && (
        <ul class="cards" aria-label="Channels">
          {list.channels.map((channel) => (
            <ChannelCard key={channel.id} channel={channel} />
          ))}
        </ul>
      )}
      {list && (
        <ListPager
          label="Channels pages"
          paging={paging}
          pageSize={PAGE_SIZE}
          shown={list.channels.length}
          page={list}
        />
      )}
    </section>
  );
}

type TestState =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'done'; result: ChannelTestResult }
  | { state: 'failed'; message: string };

function ChannelCard({ channel }: { channel: Channel }) {
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [testEmail, setTestEmail] = useState('');
  const emailId = `test-email-${channel.id}`;

  const send = async () => {
    setTest({ state: 'sending' });
    try {
      const result = await sendChannelTest(channel.id, testEmail.trim() || undefined);
      setTest({ state: 'done', result });
    } catch (problem) {
      setTest({ state: 'failed', message: describeError(problem) });
    }
  };

  return (
    <li class="card">
      <div class="card-head">
        <h2 class="card-title">{channel.name}</h2>
        <span class={`badge ${channel.is_active ? 'status-completed' : 'status-cancelled'}`}>
          {channel.is_active ? 'active' : 'inactive'}
        </span>
      </div>
      <dl class="facts">
        <div>
          <dt>Type</dt>
          <dd>{channel.channel_type}</dd>
        </div>
        <div>
          <dt>Configured</dt>
          <dd>
            {channel.configured
              ? 'yes'
              : `no: missing ${channel.missing_configuration.join(', ') || 'configuration'}`}
          </dd>
        </div>
      </dl>
      <details>
        <summary>Configuration</summary>
        <pre class="configuration">{JSON.stringify(channel.configuration ?? {}, null, 2)}</pre>
      </details>
      <div class="actions">
        {channel.channel_type === 'email' && (
          <span class="inline-field">
            <label for={emailId}>Test email (optional)</label>
            <input
              id={emailId}
              type="email"
              value={testEmail}
              onInput={(event) => setTestEmail(event.currentTarget.value)}
            />
          </span>
        )}
        <button
          type="button"
          onClick={() => void send()}
          disabled={test.state === 'sending'}
          aria-describedby={`test-result-${channel.id}`}
        >
          Send test
        </button>
      </div>
      <div id={`test-result-${channel.id}`} role="status">
        {test.state === 'sending' && 'Sending a test message…'}
        {test.state === 'done' && <TestResult result={test.result} />}
        {test.state === 'failed' && <span class="failed-text">{test.message}</span>}
      </div>
    </li>
  );
}

function TestResult({ result }: { result: ChannelTestResult }) {
  const parts = [
    result.sent ? 'Test message sent' : 'Test message not sent',
    typeof result.status_code === 'number' ? `HTTP ${result.status_code}` : null,
    result.provider_message_id ? `message id ${result.provider_message_id}` : null,
    result.error ?? null,
  ].filter(Boolean);
  return <span class={result.sent ? 'ok-text' : 'failed-text'}>{parts.join(' · ')}</span>;
}
