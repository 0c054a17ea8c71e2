import { useState } from 'preact/hooks';
import { forgetApiKey, saveApiKey } from '../api/api-key-store';
import { apiRequest } from '../api/client';
import { ApiProblem } from '../api/problem';
import { ProblemMessage } from '../components/ProblemMessage';

interface KeyPromptProps {
  notice: string | null;
  onAccepted: () => void;
}

/** Asks for an API key and checks it with one cheap authenticated request before using it. */
export function KeyPrompt({ notice, onAccepted }: KeyPromptProps) {
  const [key, setKey] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError(new ApiProblem(0, 'No key', 'Paste an API key first.'));
      return;
    }
    setChecking(true);
    setError(null);
    saveApiKey(trimmed);
    try {
      await apiRequest('/api/v1/channels', { query: { limit: 1 } });
      onAccepted();
    } catch (problem) {
      // A rejected key already brought the notice; anything else is shown here.
      forgetApiKey();
      if (!(problem instanceof ApiProblem && (problem.status === 401 || problem.status === 403))) {
        setError(problem);
      }
      setChecking(false);
    }
  };

  return (
    <main id="main" class="key-prompt">
      <h1>Publishing console</h1>
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-describedby="api-key-hint"
        />
        <p id="api-key-hint" class="hint">
          Create one with <code>pnpm api-key create --name my-laptop</code>. It is kept in this tab
          only (session storage) and sent as the <code>X-API-Key</code> header.
        </p>
        <button type="submit" disabled={checking}>
          Use this key
        </button>
      </form>
      <ProblemMessage error={error} />
    </main>
  );
}
