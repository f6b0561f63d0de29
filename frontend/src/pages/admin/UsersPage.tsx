import { useState } from 'react';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { CreateUserForm } from '../../modules/admin/CreateUserForm';
import { SecretNotice } from '../../modules/admin/SecretNotice';
import { SecretOnce } from '../../modules/admin/SecretOnce';
import { UserTable } from '../../modules/admin/UserTable';
import { useUpdateUser } from '../../modules/admin/useUpdateUser';
import { useUsers } from '../../modules/admin/useUsers';
import { useI18n } from '../../modules/i18n/useI18n';
import { MutationError } from '../../modules/ui/MutationError';
import '../history/history.css';
import './admin.css';

/** A password shown once: generated at creation, or by a reset. */
interface ShownPassword {
  username: string;
  password: string;
  reset: boolean;
}

/** /admin/users: the accounts, creating one (generated password shown once), editing, disabling, resets. */
export function UsersPage() {
  const { t } = useI18n();
  const users = useUsers();
  const update = useUpdateUser();
  const [shown, setShown] = useState<ShownPassword | null>(null);
  const items = users.data?.items ?? [];

  return (
    <AdminLayout
      title={t('admin.users.title')}
      meta={users.data ? t('admin.users.count', { count: items.length }) : undefined}
      testId="admin-users"
    >
      {shown ? (
        <SecretNotice
          title={t(
            shown.reset ? 'admin.users.resetPasswordDone' : 'admin.users.generatedPassword',
            {
              username: shown.username,
            },
          )}
          onDismiss={() => setShown(null)}
        >
          <SecretOnce
            label={t('login.password')}
            value={shown.password}
            testId="generated-password"
          />
        </SecretNotice>
      ) : null}
      <CreateUserForm
        onCreated={({ user, generatedPassword }) =>
          setShown(
            generatedPassword
              ? { username: user.username, password: generatedPassword, reset: false }
              : null,
          )
        }
      />
      <section className="history-panel">
        <MutationError mutation={update} testId="user-update-error" />
        <AdminQueryState query={users} />
        {users.data ? (
          <UserTable
            users={items}
            busyUsername={update.isPending ? update.variables.username : null}
            onUpdate={(username, body) => update.mutate({ username, body })}
            onResetPassword={(username) =>
              update.mutate(
                { username, body: { resetPassword: true } },
                {
                  onSuccess: ({ generatedPassword }) => {
                    if (generatedPassword)
                      setShown({ username, password: generatedPassword, reset: true });
                  },
                },
              )
            }
          />
        ) : null}
      </section>
    </AdminLayout>
  );
}
