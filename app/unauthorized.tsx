/** Rendered with HTTP 401 by `unauthorized()`: no identity came through the authenticating proxy. */
export default function Unauthorized() {
  return (
    <div className="space-y-2" data-testid="unauthorized">
      <h1 className="text-2xl font-semibold">Not signed in</h1>
      <p className="text-sm text-slate-600">The dashboard did not receive a valid identity from its authenticating proxy. Open it through the load balancer or sign-in proxy address.</p>
    </div>
  );
}
