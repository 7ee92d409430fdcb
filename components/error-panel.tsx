/** A failed region or panel: says what failed and why, and how to retry. */
export function ErrorPanel({ title, message, retryHref, onRetry }: { title: string; message: string; retryHref?: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">{title}</p>
      <p className="mt-1 break-words">{message}</p>
      {retryHref && (
        <a href={retryHref} className="mt-2 inline-block underline">
          Retry
        </a>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-2 inline-block underline">
          Retry
        </button>
      )}
    </div>
  );
}

/** Why an action the user started (a form, a dialog, a button) failed; nothing while it has not. */
export function ActionError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
      {message}
    </p>
  );
}
