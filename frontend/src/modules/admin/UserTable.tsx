import type { UserAccount } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { UserRow, type UserRowProps } from './UserRow';

/** Every account, with per-row actions. */
export function UserTable({
  users,
  busyUsername,
  onUpdate,
  onResetPassword,
}: {
  users: readonly UserAccount[];
  /** The account a change is being saved for. */
  busyUsername: string | null;
  onUpdate: (username: string, change: Parameters<UserRowProps['onUpdate']>[0]) => void;
  onResetPassword: (username: string) => void;
}) {
  const { t } = useI18n();
  return (
    <DataTable
      testId="user-table"
      columns={[
        { label: t('admin.users.username') },
        { label: t('admin.users.role') },
        { label: t('admin.users.districts') },
        { label: t('admin.users.status') },
        { label: t('admin.users.mustChange') },
        { label: t('admin.users.passwordChangedAt') },
        { label: t('admin.users.actions') },
      ]}
      empty={users.length === 0 ? t('admin.users.empty') : null}
    >
      {users.map((user) => (
        <UserRow
          key={user.username}
          user={user}
          busy={busyUsername === user.username}
          onUpdate={(change) => onUpdate(user.username, change)}
          onResetPassword={() => onResetPassword(user.username)}
        />
      ))}
    </DataTable>
  );
}
