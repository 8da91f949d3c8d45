import "server-only";

// Invented people: given and family names mixed at random, from the range of
// backgrounds a US and a Berlin practice see.

export const FEMALE_GIVEN_NAMES = [
  "Olivia", "Emma", "Sophia", "Ava", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn",
  "Abigail", "Emily", "Grace", "Chloe", "Zoe", "Nora", "Hannah", "Aaliyah", "Maya", "Leah",
  "Priya", "Ananya", "Mei", "Yuna", "Hana", "Fatima", "Amira", "Layla", "Nia", "Imani",
  "Sofia", "Valentina", "Camila", "Lucia", "Ximena", "Gabriela", "Marisol", "Ingrid", "Katarzyna", "Anja",
  "Lena", "Greta", "Marie", "Julia", "Elif", "Ayşe", "Svetlana", "Margaret", "Dorothy", "Ruth",
  "Patricia", "Linda", "Barbara", "Susan", "Karen", "Deborah", "Janet", "Rosa", "Yolanda", "Esther",
] as const;

export const MALE_GIVEN_NAMES = [
  "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Theodore",
  "Jack", "Levi", "Alexander", "Daniel", "Matthew", "Samuel", "David", "Joseph", "Owen", "Caleb",
  "Arjun", "Rohan", "Wei", "Hiroshi", "Minh", "Omar", "Yusuf", "Karim", "Kwame", "Malik",
  "Mateo", "Santiago", "Diego", "Javier", "Carlos", "Luis", "Andrés", "Lars", "Piotr", "Jonas",
  "Felix", "Lukas", "Paul", "Maximilian", "Emre", "Mehmet", "Dmitri", "Robert", "Richard", "Thomas",
  "Charles", "George", "Edward", "Frank", "Walter", "Harold", "Raymond", "Gerald", "Curtis", "Andre",
] as const;

/** For OTHER and UNKNOWN sex. */
export const NEUTRAL_GIVEN_NAMES = ["Alex", "Jordan", "Taylor", "Casey", "Riley", "Avery", "Quinn", "Rowan", "Sasha", "Robin"] as const;

export const FAMILY_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
  "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
  "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
  "Collins", "Stewart", "Murphy", "O'Brien", "Sullivan", "Kelly", "Brennan", "Garcia", "Martinez", "Rodriguez",
  "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Morales",
  "Nguyen", "Tran", "Chen", "Wang", "Li", "Zhang", "Kim", "Park", "Choi", "Tanaka",
  "Sato", "Patel", "Shah", "Singh", "Kumar", "Gupta", "Iyer", "Khan", "Hussain", "Haddad",
  "Mansour", "Okafor", "Adeyemi", "Mensah", "Mwangi", "Diallo", "Kowalski", "Nowak", "Novak", "Ivanova",
  "Petrov", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
  "Richter", "Klein", "Wolf", "Neumann", "Braun", "Zimmermann", "Yılmaz", "Kaya", "Demir", "Andersson",
] as const;

/** ASCII letters only, for email addresses: "O'Brien" → "obrien", "Müller" → "muller". */
export function emailLocalPart(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
