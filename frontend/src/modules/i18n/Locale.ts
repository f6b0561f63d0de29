/** Languages the console speaks; zh-CN is the default. */
export type Locale = 'zh-CN' | 'en';
