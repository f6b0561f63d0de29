import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/ApiError';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { errorMessage } from './errorMessage';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);

describe('errorMessage', () => {
  it('says the server cannot be reached when nothing answered', () => {
    expect(errorMessage(new ApiError('unreachable', 'Failed to fetch'), t)).toBe(
      zhCN['error.unreachable'],
    );
  });

  it('reads a 401 as wrong credentials on the login form and as an ended session elsewhere', () => {
    const error = new ApiError('unauthorized', 'Invalid credentials', 401);
    expect(errorMessage(error, t, 'login')).toBe('用户名或密码错误');
    expect(errorMessage(error, t)).toBe(zhCN['error.sessionExpired']);
  });

  it("passes the backend's own message through for other errors", () => {
    expect(errorMessage(new ApiError('http', 'incident already resolved', 409), t)).toBe(
      '服务器错误：incident already resolved',
    );
  });

  it('explains a timeout and a contract mismatch', () => {
    expect(errorMessage(new ApiError('timeout', 'x'), t)).toBe(zhCN['error.timeout']);
    expect(errorMessage(new ApiError('invalid-response', 'x'), t)).toBe(
      zhCN['error.invalidResponse'],
    );
  });

  it('still says something for an unexpected error', () => {
    expect(errorMessage(new Error('boom'), t)).toBe('发生未知错误：boom');
  });
});

describe('errorMessage: the backend messages of accounts, in Chinese', () => {
  it('translates the password refusals by problem', () => {
    expect(errorMessage(new ApiError('http', 'The current password is wrong', 400), t)).toBe(
      '当前密码不正确',
    );
    expect(
      errorMessage(
        new ApiError(
          'http',
          'The new password must be at least 10 characters; must not contain the username',
          400,
        ),
        t,
      ),
    ).toBe('密码不符合要求：至少 10 个字符；不能包含用户名');
  });

  it('translates user and token messages', () => {
    expect(errorMessage(new ApiError('http', 'User wang.wu already exists', 409), t)).toBe(
      '用户 wang.wu 已存在',
    );
    expect(
      errorMessage(
        new ApiError('http', 'An admin cannot disable or demote their own account', 400),
        t,
      ),
    ).toBe('管理员不能停用或降级自己的账号');
    expect(errorMessage(new ApiError('forbidden', 'Password change required', 403), t)).toBe(
      '请先修改密码',
    );
    expect(errorMessage(new ApiError('forbidden', 'Role operator may not do this', 403), t)).toBe(
      zhCN['error.forbidden'],
    );
  });

  it("translates a 400's known details, the operator's silence limit and a 413's size limit", () => {
    const invalid = new ApiError('http', 'Invalid request', 400, [
      'endsAt: endsAt must be after startsAt',
      'reason: Too big',
    ]);
    expect(errorMessage(invalid, t)).toBe('请求无效：结束时间须晚于开始时间；reason: Too big');
    const operator = new ApiError(
      'forbidden',
      'Operators may silence for at most 24 h; ask a supervisor for a longer window',
      403,
    );
    expect(errorMessage(operator, t)).toBe('调度员最长可静默 24 小时，更长的时段请联系督查');
    const tooLarge = new ApiError('http', 'Request body too large', 413, [
      'the limit for this request is 50 MiB',
    ]);
    expect(errorMessage(tooLarge, t)).toBe('文件过大，上限为 50 MiB');
    expect(errorMessage(new ApiError('http', 'Request body too large', 413), t)).toBe('文件过大');
  });
});
