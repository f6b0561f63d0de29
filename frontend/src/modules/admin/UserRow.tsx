import { ROLES, type DistrictCode, type Role, type UserAccount } from '@cityops/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { ChoiceSelect } from '../ui/ChoiceSelect';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useMinuteTime } from '../ui/useMinuteTime';
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
  const time = useMinuteTime();
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
          <ChoiceSelect
            className="compact-input"
            values={ROLES}
            value={role}
            text={(option) => t(`role.${option}`)}
            onChange={setRole}
            testId="user-edit-role"
          />
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
        {user.passwordChangedAt ? time(user.passwordChangedAt) : t('admin.never')}
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
            <ConfirmButton
              className={user.disabled ? 'button' : 'button button--danger'}
              disabled={busy}
              testId={user.disabled ? 'user-enable' : 'user-disable'}
              confirm={
                user.disabled ? null : t('admin.users.confirmDisable', { username: user.username })
              }
              onConfirm={() => onUpdate({ disabled: !user.disabled })}
            >
              {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
            </ConfirmButton>
            <ConfirmButton
              disabled={busy}
              testId="user-reset-password"
              confirm={t('admin.users.confirmReset', { username: user.username })}
              onConfirm={onResetPassword}
            >
              {t('admin.users.resetPassword')}
            </ConfirmButton>
          </>
        )}
      </td>
    </tr>
  );
}
