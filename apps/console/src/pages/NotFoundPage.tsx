import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        The console has no page at this address. <Link to="/">Go to the publications</Link>.
      </p>
    </section>
  );
}
