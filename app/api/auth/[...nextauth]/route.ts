import { handlers } from "@/lib/auth/sessions/auth";

export const { GET, POST } = handlers;
