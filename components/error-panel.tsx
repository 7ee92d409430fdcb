/** A failed region or panel: says what failed and why, and how to retry. */
export function ErrorPanel({ title, message, retryHref }: { title: string; message: string; retryHref?: string }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">{title}</p>
      <p className="mt-1 break-words">{message}</p>
      {retryHref && (
        <a href={retryHref} className="mt-2 inline-block underline">
          Retry
        </a>
      )}
    </div>
  );
}
