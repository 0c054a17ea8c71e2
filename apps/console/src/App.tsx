import { useEffect, useState } from 'preact/hooks';
import { forgetApiKey, readApiKey } from './api/api-key-store';
import { onKeyRejected } from './api/client';
import { DEFAULT_POLL_INTERVAL_MS, KEY_REJECTED_MESSAGE } from './config';
import { KeyPrompt } from './pages/KeyPrompt';
import { Shell } from './Shell';

interface AppProps {
  pollIntervalMs?: number;
}

/** The key prompt until a key is accepted, then the console; a rejected key returns here. */
export function App({ pollIntervalMs = DEFAULT_POLL_INTERVAL_MS }: AppProps) {
  const [hasKey, setHasKey] = useState(() => readApiKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(
    () =>
      onKeyRejected(() => {
        setHasKey(false);
        setNotice(KEY_REJECTED_MESSAGE);
      }),
    [],
  );

  if (!hasKey) {
    return (
      <KeyPrompt
        notice={notice}
        onAccepted={() => {
          setNotice(null);
          setHasKey(true);
        }}
      />
    );
  }
  return (
    <Shell
      pollIntervalMs={pollIntervalMs}
      onSignOut={() => {
        forgetApiKey();
        setNotice('Signed out: the key is forgotten.');
        setHasKey(false);
      }}
    />
  );
}
