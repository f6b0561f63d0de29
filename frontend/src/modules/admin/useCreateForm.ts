import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

/**
 * A create form's state: the draft, its field errors (shown once a submit was tried), and submit:
 * checks the draft, sends the request, and on success empties the form and hands on the answer.
 */
export function useCreateForm<Draft, Request, Answer, Errors extends object>({
  empty,
  validate,
  mutation,
  onCreated,
}: {
  empty: Draft;
  validate: (draft: Draft) => { errors: Errors; request: Request | null };
  mutation: UseMutationResult<Answer, Error, Request>;
  onCreated: (answer: Answer) => void;
}) {
  const [draft, setDraft] = useState(empty);
  const [checked, setChecked] = useState(false);
  const { errors, request } = validate(draft);
  const shown: Partial<Errors> = checked ? errors : {};
  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!request) return;
    mutation.mutate(request, {
      onSuccess: (answer) => {
        setDraft(empty);
        setChecked(false);
        onCreated(answer);
      },
    });
  };
  return { draft, set, shown, submit };
}
