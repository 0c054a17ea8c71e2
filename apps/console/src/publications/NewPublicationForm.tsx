import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { createPublication } from '../api/publications';
import { listTemplates } from '../api/templates';
import { PUBLICATION_TYPES, type Publication, type Template } from '../api/types';
import { FieldMessages } from '../components/FieldMessages';
import { ProblemMessage } from '../components/ProblemMessage';
import { ChannelPicker } from './ChannelPicker';
import { newPublicationBody, type PublicationFormValues } from './publication-form';

interface NewPublicationFormProps {
  onCreated: (publication: Publication) => void;
  onClose: () => void;
}

const EMPTY: PublicationFormValues = {
  publicationType: 'newsletter',
  channelIds: [],
  contentIds: '',
  templateId: '',
  scheduledTime: '',
};

export function NewPublicationForm({ onCreated, onClose }: NewPublicationFormProps) {
  const [values, setValues] = useState(EMPTY);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    listTemplates(controller.signal).then(
      (page) => setTemplates(page.templates),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  const set = (patch: Partial<PublicationFormValues>) => setValues({ ...values, ...patch });
  const toggleChannel = (id: string, checked: boolean) =>
    set({
      channelIds: checked
        ? [...values.channelIds, id]
        : values.channelIds.filter((candidate) => candidate !== id),
    });
  const messages = (field: string) => (error instanceof ApiProblem ? error.messagesFor(field) : []);
  const described = (field: string, hint?: string) => {
    const ids = [hint, messages(field).length > 0 ? `new-publication-${field}-error` : undefined];
    return ids.filter(Boolean).join(' ') || undefined;
  };
  const invalid = (field: string) => (messages(field).length > 0 ? true : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      onCreated(await createPublication(newPublicationBody(values)));
    } catch (problem) {
      setError(problem);
      setSubmitting(false);
    }
  };

  return (
    <form class="panel" aria-labelledby="new-publication-title" onSubmit={(e) => void submit(e)}>
      <h2 id="new-publication-title">New publication</h2>
      <ProblemMessage error={error} />

      <div class="field">
        <label for="new-publication-type">Type</label>
        <select
          id="new-publication-type"
          value={values.publicationType}
          aria-invalid={invalid('publication_type')}
          aria-describedby={described('publication_type')}
          onChange={(e) =>
            set({
              publicationType: e.currentTarget.value as PublicationFormValues['publicationType'],
            })
          }
        >
          {PUBLICATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <FieldMessages
          id="new-publication-publication_type-error"
          messages={messages('publication_type')}
        />
      </div>

      <fieldset
        class="field"
        aria-invalid={invalid('channels')}
        aria-describedby={described('channels')}
      >
        <legend>Channels</legend>
        <ChannelPicker selected={values.channelIds} onToggle={toggleChannel} />
        <FieldMessages id="new-publication-channels-error" messages={messages('channels')} />
      </fieldset>

      <div class="field">
        <label for="new-publication-content-ids">Content ids</label>
        <input
          id="new-publication-content-ids"
          type="text"
          value={values.contentIds}
          aria-invalid={invalid('content_ids')}
          aria-describedby={described('content_ids', 'new-publication-content-ids-hint')}
          onInput={(e) => set({ contentIds: e.currentTarget.value })}
        />
        <p id="new-publication-content-ids-hint" class="hint">
          UUIDs of the content service, separated by commas or spaces (optional).
        </p>
        <FieldMessages id="new-publication-content_ids-error" messages={messages('content_ids')} />
      </div>

      <div class="field">
        <label for="new-publication-template">Template</label>
        <select
          id="new-publication-template"
          value={values.templateId}
          aria-invalid={invalid('template_id')}
          aria-describedby={described('template_id')}
          onChange={(e) => set({ templateId: e.currentTarget.value })}
        >
          <option value="">No template (the default)</option>
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name} ({template.template_type})
            </option>
          ))}
        </select>
        <FieldMessages id="new-publication-template_id-error" messages={messages('template_id')} />
      </div>

      <div class="field">
        <label for="new-publication-scheduled-time">Scheduled time</label>
        <input
          id="new-publication-scheduled-time"
          type="datetime-local"
          value={values.scheduledTime}
          aria-invalid={invalid('scheduled_time')}
          aria-describedby={described('scheduled_time', 'new-publication-scheduled-time-hint')}
          onInput={(e) => set({ scheduledTime: e.currentTarget.value })}
        />
        <p id="new-publication-scheduled-time-hint" class="hint">
          Your local time. Empty: now.
        </p>
        <FieldMessages
          id="new-publication-scheduled_time-error"
          messages={messages('scheduled_time')}
        />
      </div>

      <div class="actions">
        <button type="submit" disabled={submitting}>
          Create publication
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          Close form
        </button>
      </div>
    </form>
  );
}
