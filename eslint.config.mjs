// The workspace's ESLint config lives in packages/eslint-config (tested there).
export { default } from '@publishing/eslint-config';
