/** A failed read in a client view, said where its data would be, with a button that tries again. */
export function RetryAlert({ children, onRetry, className = "" }: { children: React.ReactNode; onRetry: () => void; className?: string }) {
  return (
    <div role="alert" className={`rounded border border-red-200 bg-red-50 p-2 text-sm text-red-900 ${className}`}>
      {children}{" "}
      <button type="button" onClick={onRetry} className="underline">
        Retry
      </button>
    </div>
  );
}
