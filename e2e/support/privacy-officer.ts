/** Where the e2e server sends notices of break-glass access (PRIVACY_OFFICER_EMAIL); its catcher keeps the mail for tests to read. */
export const E2E_PRIVACY_OFFICER_EMAIL = "privacy.officer@clinic.example.test";
