/**
 * Web-mail providers anyone can sign up to. An address there says nothing about the person's
 * employer, which B2B fit rules usually count against. Rules can add more with `freeMailDomains`.
 */
export const freeMailDomains: readonly string[] = [
  '126.com', '163.com', 'aim.com', 'aol.com', 'att.net', 'bigpond.com', 'btinternet.com', 'comcast.net',
  'daum.net', 'email.com', 'fastmail.com', 'free.fr', 'gmail.com', 'gmx.at', 'gmx.ch', 'gmx.com', 'gmx.de',
  'gmx.net', 'googlemail.com', 'hanmail.net', 'hey.com', 'hotmail.co.uk', 'hotmail.com', 'hotmail.de',
  'hotmail.es', 'hotmail.fr', 'hotmail.it', 'icloud.com', 'inbox.com', 'laposte.net', 'libero.it', 'live.co.uk',
  'live.com', 'live.de', 'live.fr', 'mac.com', 'mail.com', 'mail.ru', 'me.com', 'msn.com', 'naver.com',
  'o2.pl', 'orange.fr', 'outlook.com', 'outlook.de', 'outlook.fr', 'pm.me', 'proton.me', 'protonmail.com',
  'qq.com', 'rediffmail.com', 'rocketmail.com', 'sbcglobal.net', 'seznam.cz', 't-online.de', 'tutanota.com',
  'verizon.net', 'web.de', 'wp.pl', 'ya.ru', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.co.uk', 'yahoo.com',
  'yahoo.de', 'yahoo.es', 'yahoo.fr', 'yahoo.it', 'yandex.com', 'yandex.ru', 'ymail.com', 'zoho.com',
];
