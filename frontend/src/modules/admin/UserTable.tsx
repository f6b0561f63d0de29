import type { UserAccount } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
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
    <div className="history-table__scroll">
      <table className="history-table admin-table" data-testid="user-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.users.username')}</th>
            <th scope="col">{t('admin.users.role')}</th>
            <th scope="col">{t('admin.users.districts')}</th>
            <th scope="col">{t('admin.users.status')}</th>
            <th scope="col">{t('admin.users.mustChange')}</th>
            <th scope="col">{t('admin.users.passwordChangedAt')}</th>
            <th scope="col">{t('admin.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow
              key={user.username}
              user={user}
              busy={busyUsername === user.username}
              onUpdate={(change) => onUpdate(user.username, change)}
              onResetPassword={() => onResetPassword(user.username)}
            />
          ))}
        </tbody>
      </table>
      {users.length === 0 ? <p className="history-panel__note">{t('admin.users.empty')}</p> : null}
    </div>
  );
}
