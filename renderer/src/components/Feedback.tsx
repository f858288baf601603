import { AlertTriangle } from 'lucide-react';

/** An action's failure, shown beside the action (never a thrown error). */
export function ErrorMessage({ message }: { readonly message: string | null }) {
  if (message === null) return null;
  return (
    <p className="error-message" role="alert">
      <AlertTriangle size={14} aria-hidden="true" />
      <span>{message}</span>
    </p>
  );
}
