#!/usr/bin/env node
// Reads the merged compose configuration (`docker compose config`) on stdin and writes it, as JSON,
// back without the published ports of the services on the host's network: Docker refuses port
// bindings there (docker-compose 1.29: `"host" network_mode is incompatible with port_bindings`),
// and an override file cannot remove a key that docker-compose.yml sets.
'use strict';

const { join } = require('node:path');

// The repository's own YAML parser (a dependency of @publishing/deploy).
const YAML = require(require.resolve('yaml', { paths: [join(__dirname, '..', '..', 'deploy')] }));

let text = '';
process.stdin.on('data', (chunk) => (text += chunk));
process.stdin.on('end', () => {
  const config = YAML.parse(text);
  if (!config?.services) {
    console.error('host-network-config: no compose configuration on stdin');
    process.exit(1);
  }
  for (const service of Object.values(config.services ?? {}))
    if (service.network_mode === 'host') delete service.ports;
  // JSON is YAML too, with no YAML 1.1/1.2 doubt about values like `no` (restart: 'no').
  process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
});
