import { ROLES, type DistrictCode, type Role, type UserAccount } from '@cityops/contracts';
import { useState } from 'react';
import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { DistrictPicker } from './DistrictPicker';
import { districtsText } from './districtsText';

export interface UserRowProps {
  user: UserAccount;
  busy: boolean;
  /** PATCH the account: role and districts (null: the whole city), or disabled. */
  onUpdate: (change: {
    role?: Role;
    districts?: DistrictCode[] | null;
    disabled?: boolean;
  }) => void;
  onResetPassword: () => void;
}

/** One account: its facts, and edit (role, districts), disable/enable and reset password. */
export function UserRow({ user, busy, onUpdate, onResetPassword }: UserRowProps) {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [districts, setDistricts] = useState<DistrictCode[]>(
    (user.districts ?? []) as DistrictCode[],
  );
  const startEdit = () => {
    setRole(user.role);
    setDistricts((user.districts ?? []) as DistrictCode[]);
    setEditing(true);
  };

  return (
    <tr data-testid="user-row" data-username={user.username} data-disabled={user.disabled}>
      <td className="admin-table__strong">{user.username}</td>
      <td>
        {editing ? (
          <select
            className="compact-input"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            data-testid="user-edit-role"
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`role.${option}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`role.${user.role}`)
        )}
      </td>
      <td className="admin-table__districts">
        {editing ? (
          <DistrictPicker
            selected={districts}
            onChange={setDistricts}
            testIdPrefix="user-edit-district"
          />
        ) : (
          districtsText(user.districts, locale, t)
        )}
      </td>
      <td>
        <span className={`admin-status admin-status--${user.disabled ? 'off' : 'on'}`}>
          {user.disabled ? t('admin.users.disabled') : t('admin.users.active')}
        </span>
      </td>
      <td>{user.mustChangePassword ? t('admin.yes') : t('admin.no')}</td>
      <td className="admin-table__time">
        {user.passwordChangedAt
          ? formatDateTime(user.passwordChangedAt, 'full', timeZone).slice(0, 16)
          : t('admin.never')}
      </td>
      <td className="admin-table__actions">
        {editing ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              data-testid="user-edit-save"
              onClick={() => {
                onUpdate({ role, districts: districts.length ? districts : null });
                setEditing(false);
              }}
            >
              {t('admin.save')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t('admin.cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={startEdit}
              data-testid="user-edit"
            >
              {t('admin.users.edit')}
            </button>
            <button
              type="button"
              className={user.disabled ? 'button' : 'button button--danger'}
              disabled={busy}
              data-testid={user.disabled ? 'user-enable' : 'user-disable'}
              onClick={() => {
                if (
                  user.disabled ||
                  window.confirm(t('admin.users.confirmDisable', { username: user.username }))
                )
                  onUpdate({ disabled: !user.disabled });
              }}
            >
              {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              data-testid="user-reset-password"
              onClick={() => {
                if (window.confirm(t('admin.users.confirmReset', { username: user.username })))
                  onResetPassword();
              }}
            >
              {t('admin.users.resetPassword')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
