import "server-only";
import type { Prisma } from "../generated/client";

// The demo clinic's first published consents, in English and Spanish: the
// telehealth consent every patient signs at check-in (video and audio-only),
// and the recording consent they may decline. An administrator publishes later
// versions at /admin/consents.

const TELEHEALTH_EN = `I agree to receive health care by telehealth from this clinic: a live video visit, or a telephone (audio-only) visit when video cannot be used.

I understand that:
• Telehealth is a visit with a licensed clinician who is not in the same room as me. The clinician may decide that I need to be seen in person instead.
• My visit happens where I am. I will tell the clinic where I am at the start of every visit, and give a phone number and address in case the connection fails or I need emergency help.
• The clinic uses secure technology, but no electronic communication is free of risk. I should take the visit somewhere private.
• Visits are not recorded unless I agree separately.
• My insurance may bill telehealth visits like other visits. I may have a copay.
• I can withdraw this consent at any time by telling the clinic, and I can ask for an in-person visit instead.
• Interpreters are available free of charge, including on video.

If I have a medical emergency, I will call 911.`;

const TELEHEALTH_ES = `Acepto recibir atención médica por telesalud de esta clínica: una consulta en vivo por video, o una consulta por teléfono (solo audio) cuando no se pueda usar el video.

Entiendo que:
• La telesalud es una consulta con un profesional de salud con licencia que no está en la misma sala que yo. El profesional puede decidir que necesito una consulta en persona.
• Mi consulta se realiza en el lugar donde estoy. Le diré a la clínica dónde estoy al comienzo de cada consulta, y daré un número de teléfono y una dirección por si falla la conexión o necesito ayuda de emergencia.
• La clínica usa tecnología segura, pero ninguna comunicación electrónica está libre de riesgos. Debo tomar la consulta en un lugar privado.
• Las consultas no se graban a menos que yo lo acepte por separado.
• Mi seguro puede facturar las consultas por telesalud como otras consultas. Es posible que deba pagar un copago.
• Puedo retirar este consentimiento en cualquier momento avisando a la clínica, y puedo pedir una consulta en persona.
• Los servicios de intérprete son gratuitos, también por video.

Si tengo una emergencia médica, llamaré al 911.`;

const RECORDING_EN = `The clinic does not record video visits. If that ever changes, a visit would be recorded only with your agreement.

If you agree, the clinic may record the audio and video of your visits to keep in your medical record. Recordings would be kept as securely as the rest of your record, and you could ask for a copy. Saying no does not change your care in any way.`;

const RECORDING_ES = `La clínica no graba las consultas por video. Si eso cambiara, una consulta solo se grabaría con su aceptación.

Si usted acepta, la clínica podría grabar el audio y el video de sus consultas para guardarlos en su expediente médico. Las grabaciones se guardarían con la misma seguridad que el resto de su expediente, y usted podría pedir una copia. Decir que no, no cambia su atención de ninguna manera.`;

/** Version 1 of each consent, published by the clinic's administrator when the clinic opened. */
export function firstConsentVersions(ids: { telehealth: string; recording: string }, publishedById: string, publishedAt: Date): Prisma.ConsentVersionCreateManyInput[] {
  return [
    { id: ids.telehealth, kind: "TELEHEALTH", version: 1, title: "Consent to telehealth visits", bodyEn: TELEHEALTH_EN, bodyEs: TELEHEALTH_ES, publishedById, publishedAt },
    { id: ids.recording, kind: "RECORDING", version: 1, title: "Consent to recording", bodyEn: RECORDING_EN, bodyEs: RECORDING_ES, publishedById, publishedAt },
  ];
}
