/** Prints each step of the flow with the time since the start, as it begins (stderr: jest leaves it alone). */
export function stepPrinter(): (description: string) => void {
  const started = Date.now();
  return (description) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${seconds} s] ${description}\n`);
  };
}
