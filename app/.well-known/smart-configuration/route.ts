// SMART discovery at the site's root too, for clients that look there.
export { GET } from "@/app/fhir/R4/.well-known/smart-configuration/route";
