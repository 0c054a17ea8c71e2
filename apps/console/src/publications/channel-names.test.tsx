import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { data, page, problem, stubApi } from '../test/fetch-stub';
import { OPS_WEBHOOK, TEAM_SLACK } from '../test/fixtures';
import { channelName, useChannels } from './channel-names';

const GONE = '99999999-9999-4999-8999-999999999999';

function Names({ ids }: { ids: string[] }) {
  const channels = useChannels(ids);
  return <p data-testid="names">{ids.map((id) => channelName(channels, id)).join(', ')}</p>;
}

describe('useChannels', () => {
  it('reads the first page only when every channel is on it', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK, TEAM_SLACK])),
    });

    render(<Names ids={[TEAM_SLACK.id, GONE]} />);

    await screen.findByText(`Team Slack, channel ${GONE.slice(0, 8)}`);
    expect(api.requests.map((request) => request.url.pathname)).toEqual(['/api/v1/channels']);
  });

  it('past 100 channels, reads the shown ones that are not on the first page by id', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK], 'next-page')),
      [`GET /api/v1/channels/${TEAM_SLACK.id}`]: () => data(TEAM_SLACK),
      [`GET /api/v1/channels/${GONE}`]: () => problem(404, `Channel ${GONE} not found.`),
    });

    render(<Names ids={[OPS_WEBHOOK.id, TEAM_SLACK.id, GONE, TEAM_SLACK.id]} />);

    await screen.findByText(`Ops webhook, Team Slack, channel ${GONE.slice(0, 8)}, Team Slack`);
    expect(api.requests.map((request) => request.url.pathname).sort()).toEqual([
      '/api/v1/channels',
      `/api/v1/channels/${TEAM_SLACK.id}`,
      `/api/v1/channels/${GONE}`,
    ]);
  });
});
