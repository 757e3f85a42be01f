export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{3,38}$/;
