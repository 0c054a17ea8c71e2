import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { data, page, problem, stubApi } from '../test/fetch-stub';
import { OPS_WEBHOOK, publication, TEAM_SLACK } from '../test/fixtures';
import { NewPublicationForm } from './NewPublicationForm';

/** The text of the elements a control's aria-describedby points at. */
function description(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

const TEMPLATE = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Weekly',
  template_type: 'newsletter',
};

describe('the new publication form', () => {
  it('posts what was filled in, with the local time as UTC and empty fields left out', async () => {
    const created = publication();
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK, TEAM_SLACK])),
      'GET /api/v1/templates': () => data(page('templates', [TEMPLATE])),
      'POST /api/v1/publications': () => data(created, 201),
    });
    const onCreated = vi.fn();
    render(<NewPublicationForm onCreated={onCreated} onClose={vi.fn()} />);
    await screen.findByRole('option', { name: 'Weekly (newsletter)' });
    await screen.findByLabelText('Team Slack');

    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'alert' } });
    fireEvent.click(screen.getByLabelText('Team Slack'));
    fireEvent.input(screen.getByLabelText('Content ids'), {
      target: {
        value: '44444444-4444-4444-8444-444444444444, 55555555-5555-4555-8555-555555555555',
      },
    });
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: TEMPLATE.id } });
    fireEvent.input(screen.getByLabelText('Scheduled time'), {
      target: { value: '2030-01-01T10:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create publication' }));

    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    const post = api.requests.find((request) => request.method === 'POST');
    expect(post?.body).toEqual({
      publication_type: 'alert',
      channels: [TEAM_SLACK.id],
      content_ids: ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'],
      template_id: TEMPLATE.id,
      scheduled_time: new Date('2030-01-01T10:00').toISOString(),
    });
  });

  it('shows each validation problem next to the field it names', async () => {
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/templates': () => data(page('templates', [])),
      'POST /api/v1/publications': () =>
        problem(
          422,
          'Request validation failed: channels must contain at least 1 elements; scheduled_time must be in the future.',
          [
            { field: 'channels', message: 'must contain at least 1 elements' },
            { field: 'scheduled_time', message: 'must be in the future' },
          ],
        ),
    });
    const onCreated = vi.fn();
    render(<NewPublicationForm onCreated={onCreated} onClose={vi.fn()} />);

    fireEvent.click(screen.getByRole('button', { name: 'Create publication' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Request validation failed');
    const channels = screen.getByRole('group', { name: 'Channels' });
    expect(channels.getAttribute('aria-invalid')).toBe('true');
    expect(description(channels)).toContain('channels must contain at least 1 elements');
    expect(within(channels).getByText('channels must contain at least 1 elements')).toBeTruthy();
    const scheduled = screen.getByLabelText('Scheduled time');
    expect(scheduled.getAttribute('aria-invalid')).toBe('true');
    expect(description(scheduled)).toContain('scheduled_time must be in the future');
    const contentIds = screen.getByLabelText('Content ids');
    expect(contentIds.getAttribute('aria-invalid')).toBeNull();
    expect(description(contentIds)).not.toContain('must');
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('names a refused channel entry (channels[1]) under Channels', async () => {
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK, TEAM_SLACK])),
      'GET /api/v1/templates': () => data(page('templates', [])),
      'POST /api/v1/publications': () =>
        problem(422, 'Channel 2222 is inactive.', [
          { field: 'channels[1]', message: 'is inactive' },
        ]),
    });
    render(<NewPublicationForm onCreated={vi.fn()} onClose={vi.fn()} />);

    fireEvent.click(await screen.findByLabelText('Ops webhook'));
    fireEvent.click(screen.getByLabelText('Team Slack'));
    fireEvent.click(screen.getByRole('button', { name: 'Create publication' }));

    const channels = screen.getByRole('group', { name: 'Channels' });
    expect(await within(channels).findByText('channels[1] is inactive')).toBeTruthy();
  });
});
