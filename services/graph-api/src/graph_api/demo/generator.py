"""Deterministic, pure-Python generator of a realistic demo community.

The generated graph reproduces the "silo" problem Kindred exists to fix:
bonds are dense inside teams and sites, while passions are drawn
independently of teams, so people who share a passion are mostly in
different teams and have no bond yet.

Everything is derived from ``random.Random(seed)``: the same
``(members, seed)`` always yields an identical :class:`DemoCommunity`.
No database, clock or global random state is touched.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Callable, Sequence

__all__ = ["DemoCommunity", "generate_community", "MAX_MEMBERS"]

MAX_MEMBERS: int = 200_000
"""Largest community :func:`generate_community` accepts."""

BONDS_PER_MEMBER: float = 10.0
"""Target number of bonds per member (bonds / members)."""

# Share of bonds by scope; the silo property of the demo data.
_IN_TEAM_SHARE = 0.83
_SAME_SITE_SHARE = 0.12  # different team, same site
# the remaining ~5% link members of different teams anywhere

_STAY_AT_TEAM_SITE = 0.96  # probability a member works at their team's site

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

_CITIES: tuple[str, ...] = (
    "Lyon", "Paris", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux",
    "Berlin", "Munich", "Hamburg", "Cologne", "Amsterdam", "Rotterdam",
    "Brussels", "Antwerp", "London", "Manchester", "Edinburgh", "Dublin",
    "Madrid", "Barcelona", "Valencia", "Lisbon", "Porto", "Milan", "Turin",
    "Rome", "Bologna", "Zurich", "Geneva", "Vienna", "Prague", "Warsaw",
    "Krakow", "Budapest", "Copenhagen", "Stockholm", "Oslo", "Helsinki",
    "Tallinn", "Athens", "Istanbul", "Tel Aviv", "Dubai", "Cairo", "Nairobi",
    "Lagos", "Cape Town", "Casablanca", "Mumbai", "Bangalore", "Singapore",
    "Tokyo", "Osaka", "Seoul", "Sydney", "Melbourne", "Auckland", "Toronto",
    "Montreal", "Vancouver", "New York", "Boston", "Austin", "Chicago",
    "San Francisco", "Seattle", "Mexico City", "São Paulo", "Buenos Aires",
    "Bogotá", "Santiago",
)
_SITE_KINDS: tuple[str, ...] = ("Hub", "Office", "Campus", "Studio", "Lab")
_MAX_SITES = 60

# parent unit -> (weight, team name heads, team name tails, roles, audience)
_UNITS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "Engineering": (
        0.34,
        ("Payments", "Search", "Identity", "Billing", "Messaging", "Checkout",
         "Mobile", "Data", "Machine Learning", "Observability", "Storage",
         "Networking", "Developer", "Growth", "Notifications",
         "Recommendations", "Security", "Compliance", "Catalog", "Pricing",
         "Integrations", "API", "Web", "Frontend", "Streaming", "Analytics",
         "Maps", "Onboarding", "Accounts", "Fraud Detection"),
        ("Platform", "Infrastructure", "Core", "Experience", "Tooling",
         "Reliability", "Services", "Foundations", "Squad", "Guild"),
        ("software engineer", "backend engineer", "frontend engineer",
         "data engineer", "site reliability engineer", "mobile developer",
         "engineering manager", "QA engineer", "security engineer",
         "platform engineer", "ML engineer", "tech lead"),
        "engineers",
    ),
    "Sales": (
        0.15,
        ("EMEA", "Nordics", "DACH", "France", "Iberia", "Benelux",
         "UK & Ireland", "North America", "LATAM", "APAC", "Japan",
         "Middle East", "Italy", "Central Europe"),
        ("Enterprise Sales", "Mid-Market Sales", "Account Management",
         "Partnerships", "Inside Sales", "Sales Engineering", "Channel Sales",
         "Business Development"),
        ("account executive", "sales engineer", "account manager",
         "business developer", "sales manager", "partnerships lead"),
        "sales folks",
    ),
    "Operations": (
        0.14,
        ("Supply Chain", "Logistics", "Facilities", "Procurement",
         "IT Support", "Workplace", "Fulfilment", "Vendor Management",
         "Quality", "Customer Support", "Field Operations",
         "Security Operations", "Service Desk", "Travel"),
        ("Team", "Planning", "Excellence", "Hub", "Desk", "Crew"),
        ("operations analyst", "logistics coordinator", "support specialist",
         "procurement officer", "facilities manager", "IT technician"),
        "ops people",
    ),
    "Research": (
        0.10,
        ("Applied AI", "Human-Computer Interaction", "Materials", "Quantum",
         "Robotics", "Computational Biology", "Economics",
         "Natural Language", "Computer Vision", "Optimization", "Privacy",
         "Sustainability", "Energy Systems", "Behavioral Science"),
        ("Lab", "Research Group", "Studio", "Initiative", "Unit"),
        ("research scientist", "research engineer", "data scientist",
         "UX researcher", "postdoctoral researcher"),
        "researchers",
    ),
    "People": (
        0.06,
        ("Talent Acquisition", "Learning & Development", "People Partners",
         "Total Rewards", "Employee Experience", "Diversity & Inclusion",
         "Internal Communications", "Wellbeing", "Leadership Development",
         "Internal Mobility", "People Analytics"),
        ("Team", "Programs", "Operations", "Office"),
        ("HR business partner", "recruiter", "learning designer",
         "people analyst", "talent partner"),
        "people partners",
    ),
    "Finance": (
        0.08,
        ("Accounts Payable", "Treasury", "Financial Planning", "Tax", "Audit",
         "Revenue Accounting", "Payroll", "Controlling", "Investor Relations",
         "Billing Operations", "Risk"),
        ("Team", "Office", "Operations", "Analytics", "Desk"),
        ("financial analyst", "accountant", "controller", "tax specialist",
         "treasury analyst", "auditor"),
        "finance colleagues",
    ),
    "Marketing": (
        0.11,
        ("Brand", "Content", "Product Marketing", "Growth Marketing",
         "Events", "Social Media", "SEO", "Lifecycle", "Partner Marketing",
         "Demand Generation", "Communications", "Community", "Creative",
         "Market Research"),
        ("Studio", "Team", "Lab", "Squad", "Crew"),
        ("content strategist", "brand designer", "product marketer",
         "community manager", "growth marketer", "SEO specialist"),
        "marketers",
    ),
}
_STANDALONE_SHARE = 0.02  # teams with parent None
_STANDALONE_TEAMS: tuple[str, ...] = (
    "Office of the CEO", "Strategy", "Legal", "Internal Audit",
    "Sustainability Office", "Innovation Lab", "Corporate Development",
    "Board Relations",
)
_STANDALONE_ROLES: tuple[str, ...] = (
    "chief of staff", "strategy consultant", "legal counsel",
    "program manager", "executive assistant",
)
_SENIORITY: tuple[str, ...] = (
    "junior", "", "", "", "senior", "senior", "lead", "principal", "staff",
)

# passion category -> (base passions, qualifier templates, description templates)
_PASSION_CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "music": (
        ("Jazz", "Blues", "Classical Music", "Opera", "Hip-Hop",
         "Electronic Music", "Folk Music", "Choir Singing", "Guitar", "Piano",
         "Drumming", "Vinyl Collecting", "Songwriting", "Music Production",
         "Salsa Dancing", "Tango", "Ballet", "Karaoke", "Ukulele", "Violin"),
        ("Vintage {}", "Live {}", "{} History", "{} Jam Sessions",
         "{} Festivals", "Experimental {}", "{} for Beginners",
         "{} Composition", "Contemporary {}", "{} Workshops", "Community {}",
         "{} Theory", "Street {}", "{} Meetups"),
        ("For people who light up when talking about {}: listening, playing, sharing.",
         "Swap playlists, share gigs and jam together around {}.",
         "From first lessons to late-night sessions, all things {}."),
    ),
    "sport": (
        ("Rock Climbing", "Bouldering", "Hiking", "Trail Running",
         "Marathon Running", "Cycling", "Mountain Biking", "Swimming",
         "Surfing", "Sailing", "Kayaking", "Skiing", "Snowboarding", "Yoga",
         "Pilates", "Tennis", "Padel", "Football", "Basketball", "Volleyball",
         "Rugby", "Badminton", "Table Tennis", "Martial Arts", "Boxing",
         "Fencing", "Scuba Diving", "Birdwatching", "Camping", "Fishing",
         "Horse Riding", "Triathlon", "Skateboarding", "Golf",
         "Ultimate Frisbee"),
        ("Competitive {}", "Weekend {}", "Urban {}", "Indoor {}",
         "{} Coaching", "{} Meetups", "Amateur {}", "{} Trips", "Night {}",
         "{} for Beginners", "Masters {}", "{} Photography", "Family {}",
         "{} Clubs"),
        ("Find partners, plan outings and share routes for {}.",
         "Everyone who gets out there for {}, whatever their level.",
         "Training tips, gear swaps and weekend plans around {}."),
    ),
    "arts": (
        ("Photography", "Film Photography", "Painting", "Watercolor",
         "Drawing", "Sketchnoting", "Calligraphy", "Pottery", "Knitting",
         "Sewing", "Woodworking", "Embroidery", "Origami", "Street Art",
         "Sculpture", "Graphic Design", "Theatre", "Improv Comedy",
         "Stand-up Comedy", "Filmmaking", "Poetry", "Creative Writing",
         "Comics", "Animation", "Podcasting"),
        ("Digital {}", "Experimental {}", "{} Workshops", "Vintage {}",
         "Community {}", "{} Exhibitions", "Collaborative {}",
         "{} Critique Circles", "{} Festivals", "Traditional {}",
         "{} History", "{} for Beginners", "{} Meetups"),
        ("Makers and dreamers who spend their free time on {}.",
         "Show your work, get feedback and make things together: {}.",
         "A creative corner for everyone into {}."),
    ),
    "food": (
        ("Cooking", "Baking", "Sourdough", "Vegan Cooking", "Coffee", "Tea",
         "Wine Tasting", "Craft Beer", "Cocktails", "Fermentation",
         "Cheese Making", "Street Food", "Barbecue", "Japanese Cuisine",
         "Italian Cuisine", "Foraging"),
        ("Homemade {}", "Regional {}", "{} Pairing", "{} Tours",
         "Organic {}", "{} Workshops", "Seasonal {}", "Artisanal {}",
         "{} Festivals", "Sustainable {}", "{} History", "{} Clubs",
         "{} Swaps"),
        ("Recipes, tastings and shared tables around {}.",
         "For people who plan their trips around {}.",
         "Cook, taste and compare notes on {}."),
    ),
    "tech": (
        ("Open Source", "3D Printing", "Electronics", "Robotics",
         "Retro Computing", "Mechanical Keyboards", "Home Automation",
         "Game Development", "Astronomy", "Amateur Radio", "Drones",
         "Data Visualization", "Generative Art", "Linux",
         "Cybersecurity"),
        ("{} Meetups", "{} Hackathons", "{} for Kids", "{} Mentoring",
         "Hobbyist {}", "{} Workshops", "{} Research", "Creative {}",
         "{} Show and Tell", "Educational {}", "{} Projects",
         "{} Study Groups", "{} History"),
        ("Tinkerers who build, break and fix things: {}.",
         "Side projects, show-and-tells and help with {}.",
         "Curious minds sharing what they learn about {}."),
    ),
    "causes": (
        ("Climate Action", "Urban Gardening", "Beekeeping", "Zero Waste",
         "Animal Rescue", "Refugee Support", "Mental Health Awareness",
         "Literacy", "Youth Mentoring", "Women in Tech", "LGBTQ+ Advocacy",
         "Accessibility", "Ocean Conservation", "Rewilding", "Food Banks",
         "Blood Donation", "Cycling Advocacy", "Civic Tech",
         "Circular Economy", "Reforestation"),
        ("Local {}", "{} Volunteering", "{} Advocacy", "{} Education",
         "Youth {}", "{} Policy", "Workplace {}", "{} Fundraising",
         "Grassroots {}", "{} Research", "Neighborhood {}", "{} Campaigns",
         "{} Networks"),
        ("Colleagues who want to make a real difference through {}.",
         "Volunteer, organise and learn together about {}.",
         "Turning good intentions into action: {}."),
    ),
    "games": (
        ("Chess", "Board Games", "Role-Playing Games", "Video Games",
         "Esports", "Puzzles", "Crosswords", "Go", "Poker", "Magic Tricks",
         "Escape Rooms", "Speedcubing", "Trivia Nights"),
        ("Competitive {}", "Online {}", "{} Tournaments", "{} Nights",
         "{} Design", "Vintage {}", "Casual {}", "{} Strategy",
         "Cooperative {}", "{} Streaming", "{} for Beginners", "{} Clubs",
         "{} Marathons"),
        ("Game nights, friendly rivalries and new opponents for {}.",
         "Everyone who loses track of time playing {}.",
         "Learn, play and compete at {}."),
    ),
    "culture": (
        ("Language Learning", "Philosophy", "History", "Archaeology",
         "Book Clubs", "Science Fiction", "Fantasy Literature",
         "Museums", "Architecture", "Travel", "Genealogy", "Documentaries",
         "Urban Sketching", "Mythology"),
        ("{} Podcasts", "Local {}", "{} Circles", "Ancient {}", "Modern {}",
         "{} Walks", "{} Reading Groups", "{} Lectures", "Amateur {}",
         "{} Trips", "{} Discussions", "{} Newsletters"),
        ("Curious people who cannot stop reading about {}.",
         "Talks, walks and long conversations about {}.",
         "Share recommendations and discoveries in {}."),
    ),
    "home": (
        ("Meditation", "Gardening", "Houseplants", "Interior Design",
         "Minimalism", "Aquariums", "Vintage Fashion", "Sustainable Fashion",
         "Journaling", "Home Renovation"),
        ("Mindful {}", "Urban {}", "{} Swaps", "{} Communities",
         "Small-Space {}", "Budget {}", "{} Workshops", "Seasonal {}",
         "Indoor {}", "{} Tips", "{} Circles", "{} for Beginners"),
        ("Everyday ideas and honest advice about {}.",
         "A friendly place to share what works for {}.",
         "People who find balance through {}."),
    ),
    "family": (
        ("Parenting", "Dog Training", "Pet Adoption", "Family Travel"),
        ("Positive {}", "Mindful {}", "Urban {}", "{} Tips", "{} Circles",
         "{} Meetups", "{} Workshops", "{} Support Groups", "{} Podcasts",
         "{} for Beginners"),
        ("Advice, meetups and moral support around {}.",
         "Colleagues comparing notes on {}.",
         "Real-life tips and good company for {}."),
    ),
}
_MAX_PASSIONS = 2000

_SKILLS: tuple[str, ...] = (
    "Python", "Java", "Go", "Rust", "TypeScript", "JavaScript", "React",
    "Kotlin", "Swift", "SQL", "PostgreSQL", "Kubernetes", "Docker",
    "Terraform", "AWS", "Google Cloud", "Azure", "Linux Administration",
    "Machine Learning", "Deep Learning", "Data Analysis",
    "Data Visualization", "Statistics", "Apache Spark", "Kafka", "GraphQL",
    "REST API Design", "System Design", "Security Engineering",
    "Penetration Testing", "CI/CD", "Observability", "Performance Tuning",
    "Web Accessibility", "UX Design", "UI Design", "Figma", "Prototyping",
    "User Research", "Technical Writing", "Product Management",
    "Agile Coaching", "Scrum", "Project Management", "Public Speaking",
    "Negotiation", "Storytelling", "Facilitation", "Coaching", "Mentoring",
    "Conflict Resolution", "Leadership", "Hiring", "Interviewing",
    "Giving Feedback", "Time Management", "Excel", "Financial Modeling",
    "Budgeting", "Forecasting", "Accounting", "Tax Law", "Contract Law",
    "GDPR Compliance", "Risk Management", "Procurement",
    "Supply Chain Planning", "Logistics", "Lean Management", "Six Sigma",
    "Customer Support", "Sales Prospecting", "Account Management",
    "Copywriting", "SEO", "Content Strategy", "Social Media Marketing",
    "Brand Strategy", "Video Editing", "Photography", "Illustration",
    "Market Research", "A/B Testing", "Growth Analytics", "Pricing Strategy",
    "Partnership Building", "Event Planning", "Community Management",
    "Spanish", "German", "French", "Mandarin", "Japanese", "Arabic",
    "Portuguese", "Italian", "Sign Language", "Data Engineering", "dbt",
    "Airflow", "Tableau", "Power BI", "Looker", "R", "MATLAB", ".NET", "PHP", "Ruby on Rails", "Django", "FastAPI", "Node.js",
    "Android Development", "iOS Development", "Embedded Systems",
    "Computer Networking", "Site Reliability Engineering",
    "Incident Management", "Cryptography", "Prompt Engineering",
    "Computer Vision", "Natural Language Processing", "Design Systems",
    "Service Design", "OKRs", "Change Management", "Design Thinking",
    "Workshop Design", "Presentation Design", "Data Privacy",
)
_MIN_SKILLS = 60

_FIRST_NAMES: tuple[str, ...] = (
    "Ada", "Alan", "Grace", "Linus", "Margaret", "Tim", "Chloé", "Lucas",
    "Léa", "Hugo", "Manon", "Louis", "Camille", "Jules", "Inès", "Nathan",
    "Zoé", "Théo", "Sarah", "Gabriel", "Emma", "Raphaël", "Jade", "Arthur",
    "Lina", "Adam", "Mila", "Noah", "Anna", "Leon", "Mia", "Paul", "Lena",
    "Felix", "Hannah", "Jonas", "Marie", "Elias", "Sofia", "Finn",
    "Charlotte", "Oliver", "Amelia", "Harry", "Isla", "George", "Olivia",
    "Jack", "Ava", "Oscar", "Freya", "Liam", "Aoife", "Sean", "Niamh",
    "Lucía", "Álvaro", "Martina", "Pablo", "Valeria", "Alejandro", "Carmen",
    "Diego", "Paula", "Javier", "Beatriz", "João", "Inês", "Tiago", "Rita",
    "Giulia", "Lorenzo", "Francesca", "Matteo", "Chiara", "Alessandro",
    "Sofie", "Lars", "Ingrid", "Mats", "Astrid", "Erik", "Sanna", "Mikko",
    "Aino", "Jakub", "Zuzana", "Piotr", "Agnieszka", "Tomasz", "Katarzyna",
    "Dimitris", "Eleni", "Nikos", "Maria", "Mehmet", "Elif", "Emre",
    "Zeynep", "Yusuf", "Noa", "Amir", "Yael", "Omar", "Layla", "Karim",
    "Fatima", "Youssef", "Amina", "Chinedu", "Ngozi", "Tunde", "Aisha",
    "Kwame", "Ama", "Wanjiru", "Kofi", "Thandiwe", "Sipho", "Priya",
    "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Deepa", "Rahul",
    "Meera", "Aditya", "Wei", "Mei", "Jun", "Li", "Xin", "Hao", "Yuki",
    "Haruto", "Sakura", "Ren", "Aiko", "Minjun", "Jiwoo", "Seoyeon",
    "Hyun", "Linh", "Minh", "Thao", "Nguyen", "Mateo", "Valentina",
    "Santiago", "Camila", "Sebastián", "Isabela", "Rafael", "Ana", "Bruno",
    "Luana", "Ethan", "Madison", "Mason", "Harper", "Logan", "Avery",
    "Caleb", "Scarlett", "Dylan", "Aria", "Kai", "Maya", "Leo", "Nora",
    "Ezra", "Iris", "Felipe", "Julia", "Marco", "Elena", "Daniel", "Clara",
    "Samuel", "Alice", "Victor", "Eva", "Simon", "Laura", "David", "Rosa",
)
_LAST_NAMES: tuple[str, ...] = (
    "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Berners-Lee",
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
    "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel",
    "Garcia", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert",
    "Fontaine", "Rousseau", "Müller", "Schmidt", "Schneider", "Fischer",
    "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch",
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
    "Wilson", "Johnson", "Walker", "Wright", "Robinson", "Murphy", "Kelly",
    "O'Brien", "Byrne", "Fernández", "González", "Rodríguez", "López",
    "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Silva", "Santos",
    "Ferreira", "Pereira", "Costa", "Oliveira", "Rossi", "Russo",
    "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Peeters",
    "Janssens", "Hansen", "Nielsen", "Andersen", "Johansson", "Karlsson",
    "Lindqvist", "Virtanen", "Korhonen", "Nowak", "Kowalski", "Wiśniewski",
    "Novák", "Svoboda", "Horváth", "Nagy", "Popescu", "Ionescu",
    "Papadopoulos", "Georgiou", "Yılmaz", "Kaya", "Demir", "Cohen", "Levi",
    "Mizrahi", "Haddad", "Khalil", "Mansour", "El Amrani", "Benali",
    "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Asante", "Kamau", "Otieno",
    "Ndlovu", "Dlamini", "Sharma", "Patel", "Singh", "Gupta", "Iyer",
    "Reddy", "Nair", "Chatterjee", "Khan", "Wang", "Li", "Zhang", "Liu",
    "Chen", "Yang", "Huang", "Zhao", "Wu", "Sato", "Suzuki", "Takahashi",
    "Tanaka", "Watanabe", "Ito", "Kim", "Lee", "Park", "Choi", "Jung",
    "Nguyen", "Tran", "Le", "Pham", "Hernández", "Ramírez", "Torres",
    "Flores", "Rivera", "Morales", "Castillo", "Herrera", "Souza", "Lima",
    "Carvalho", "Almeida", "Anderson", "Clark", "Lewis", "Young", "King",
    "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell",
    "Mitchell", "Roberts", "Carter", "Phillips", "Turner", "Parker",
    "Collins", "Edwards", "Stewart", "Morris", "Rogers", "Reed", "Cook",
    "Morgan", "Bell", "Cooper", "Richardson", "Cox", "Ward", "Peterson",
)

# ---------------------------------------------------------------------------
# Bond model
# ---------------------------------------------------------------------------

_KINDS: tuple[str, ...] = ("colleague", "collaborated", "mentor", "friend", "met")
# relative per-pair rates of each kind between two members of one team
_IN_TEAM_RATES: tuple[float, ...] = (0.85, 0.40, 0.05, 0.10, 0.02)
_IN_TEAM_MAX_P = 0.97
# kind weights for bonds between members of different teams
_CROSS_TEAM_WEIGHTS: tuple[float, ...] = (0.08, 0.20, 0.10, 0.28, 0.34)
# strength range per kind, in hundredths (inclusive low, exclusive high)
_STRENGTH_RANGE: tuple[tuple[int, int], ...] = ((30, 81), (40, 91), (50, 101), (55, 101), (5, 46))
_STRENGTHS: tuple[float, ...] = tuple(round(i / 100, 2) for i in range(101))

# ---------------------------------------------------------------------------
# Calendar (fixed; never the wall clock)
# ---------------------------------------------------------------------------

_DAY0 = date(2000, 1, 1).toordinal()
_JOIN_FIRST = date(2018, 1, 1).toordinal() - _DAY0
_JOIN_LAST = date(2025, 6, 30).toordinal() - _DAY0
_LAST_DAY = date(2025, 12, 31).toordinal() - _DAY0
_DAYS: tuple[str, ...] = tuple(
    date.fromordinal(_DAY0 + i).isoformat() for i in range(_LAST_DAY + 1)
)

# ---------------------------------------------------------------------------
# Text templates
# ---------------------------------------------------------------------------

_HEADLINES_P: tuple[str, ...] = (
    "{Role} who loves {p1}",
    "{Role} at the {city} site, into {p1}",
    "{Role} by day, {p1} enthusiast by night",
    "{Role} in {team} · {city} · {p1}",
    "{Role} who never says no to {p1}",
)
_HEADLINES_PP: tuple[str, ...] = (
    "{Role} who loves {p1} and {p2}",
    "{Role} at the {city} site, into {p1} and {p2}",
    "{Role} · {p1} · {p2}",
)
_HEADLINES_PLAIN: tuple[str, ...] = (
    "{Role} in {team}",
    "{Role} at the {city} site",
    "{Role}, {team} · {city}",
)
_HEADLINES_OFFER: tuple[str, ...] = (
    "{Role}; ask me about {offer}",
    "{Role} in {team}, happy to help with {offer}",
)
_VISIONS_P: tuple[str, ...] = (
    "Start a club for {p1} that brings together people from every team at the {city} site",
    "Meet people outside {unit} who care about {p1} as much as I do",
    "Host a monthly {p1} meetup open to everyone, not just my team",
    "Find someone to co-organise {p1} weekends in {city}",
    "Turn my love of {p1} into a volunteering project with colleagues from {city}",
    "Pair with people from other teams on a side project about {p1}",
)
_VISIONS_PP: tuple[str, ...] = (
    "Connect {p1} and {p2} fans across all our sites",
    "Bring the {p1} crowd and the {p2} crowd together for one big evening in {city}",
)
_VISIONS_SKILL: tuple[str, ...] = (
    "Learn {seek} from someone in another team and teach {offer} in return",
    "Swap {offer} lessons for {seek} lessons with anyone outside {team}",
)
_VISIONS_SEEK: tuple[str, ...] = (
    "Finally get good at {seek} with help from colleagues outside my team",
    "Find a mentor in {seek} somewhere in the company, ideally in {city}",
)
_VISIONS_PLAIN: tuple[str, ...] = (
    "Build a mentoring circle for new {audience} in {city}",
    "Make the {city} office a place where {audience} and {audience2} actually talk to each other",
    "Help new joiners in {city} find their people in their first month",
    "Know at least one person in every team at the {city} site by the end of the year",
)
_VISION_TAILS: tuple[str, ...] = (
    "Long term, I'd like to mentor someone who is just starting out.",
    "I'd also love to give a talk about {p2} one day.",
    "Happy to start small: coffee first, the rest will follow.",
    "Ideally with people I have never worked with before.",
    "If that sounds like you, say hi!",
)

_HEADLINE_MAX = 140
_VISION_MAX = 280


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCommunity:
    """A generated community: node and edge rows as plain, JSON-ready dicts.

    Ids are zero-padded strings (``site-0001``, ``team-0001``,
    ``passion-0001``, ``skill-0001``, ``member-000001``; team ids widen to
    5 digits past 9,999 teams), so string order equals numeric order. Timestamps are ISO-8601 UTC strings and dates
    are ``YYYY-MM-DD``.
    """

    sites: list[dict]
    """``{"id", "name", "city"}``."""
    teams: list[dict]
    """``{"id", "name", "parent", "siteId"}``; ``parent`` may be ``None``."""
    passions: list[dict]
    """``{"id", "slug", "name", "description"}``; slugs are unique."""
    skills: list[dict]
    """``{"id", "slug", "name"}``."""
    members: list[dict]
    """``{"id", "handle", "name", "email", "headline", "vision", "joinedAt"}``."""
    member_teams: list[dict]
    """``{"member", "team"}``; exactly one row per member."""
    member_sites: list[dict]
    """``{"member", "site"}``; exactly one row per member."""
    passion_links: list[dict]
    """``{"member", "passion", "intensity" (1..5), "since"}``."""
    bonds: list[dict]
    """``{"a", "b", "kind", "strength" (0..1, 2 decimals), "since", "source"}``; ``a < b``."""
    seeks: list[dict]
    """``{"member", "skill"}``; a member seeks 0-2 skills."""
    offers: list[dict]
    """``{"member", "skill"}``; a member offers 0-3 skills, none of them sought."""


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_HANDLE = re.compile(r"[^a-z0-9-]+")


def _slugify(text: str) -> str:
    """Lower-case ``text``, collapse non-alphanumeric runs to ``-`` and trim them."""
    return _NON_ALNUM.sub("-", text.lower()).strip("-")


_NON_DECOMPOSING = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def _handle_part(name: str) -> str:
    """ASCII, lower-case handle fragment of a name (``"O'Brien"`` -> ``"obrien"``)."""
    folded = unicodedata.normalize("NFKD", name.translate(_NON_DECOMPOSING))
    ascii_name = folded.encode("ascii", "ignore").decode()
    return _NON_HANDLE.sub("", ascii_name.lower().replace(" ", "")).strip("-")


_PROPER_WORDS = frozenset({
    "Japanese", "Italian", "Linux", "Go", "Python", "Java", "Rust",
    "Kotlin", "Swift", "Kubernetes", "Docker", "Terraform", "Excel",
    "Figma", "Kafka", "Spanish", "German", "French", "Mandarin", "Arabic",
    "Portuguese", "Tableau", "Looker", "Airflow", "Django", "FastAPI",
    "Azure", "Google", "Cloud", "Apache", "Spark", "Power", "Ruby", "Rails",
    "React", "TypeScript", "JavaScript", "PostgreSQL", "GraphQL",
    "Node.js", "Scrum", "MATLAB", "R",
})


def _phrase(name: str) -> str:
    """``name`` as it reads mid-sentence: lower-cased except acronyms and proper nouns."""
    words: list[str] = []
    for word in name.split(" "):
        upper = sum(1 for ch in word if ch.isupper())
        if upper >= 2 or (upper and any(ch.isdigit() for ch in word)) or word in _PROPER_WORDS:
            words.append(word)
        else:
            words.append(word.lower())
    return " ".join(words)


def _fit(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so it is at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;·")
    return cut + "…"


def _cumulative(weights: Sequence[float]) -> list[float]:
    """Running sums of ``weights`` (for ``bisect``-based weighted picks)."""
    return list(accumulate(weights))


def _zipf_weights(n: int, exponent: float) -> list[float]:
    """Weights ``1 / rank**exponent`` for ranks ``1..n``."""
    return [1.0 / (rank ** exponent) for rank in range(1, n + 1)]


def _passion_count(members: int) -> int:
    """Number of distinct passions: ``2 * members**0.6`` clamped to 30..2000."""
    return max(30, min(_MAX_PASSIONS, round(2 * members ** 0.6)))


def _site_count(members: int) -> int:
    """Number of sites: about one per 500 members, clamped to 2..60."""
    return max(2, min(_MAX_SITES, round(members / 500)))


def _skill_count(members: int) -> int:
    """Number of skills: 60 for small communities, growing to the full list."""
    return max(_MIN_SKILLS, min(len(_SKILLS), _MIN_SKILLS + members // 1000))


def _passion_catalog(rng: random.Random) -> list[tuple[str, str]]:
    """All candidate ``(name, category)`` pairs: shuffled bases, then shuffled qualified names."""
    bases: list[tuple[str, str]] = []
    qualified: list[tuple[str, str]] = []
    for category, (names, qualifiers, _) in _PASSION_CATEGORIES.items():
        for name in names:
            bases.append((name, category))
            words = set(name.lower().split())
            for template in qualifiers:
                extra = set(template.replace("{}", " ").lower().split())
                if not (extra & words):
                    qualified.append((template.format(name), category))
    rng.shuffle(bases)
    rng.shuffle(qualified)
    return bases + qualified


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


def generate_community(members: int, seed: int = 0) -> DemoCommunity:
    """Generate a deterministic demo community of ``members`` members.

    The same ``(members, seed)`` always returns an identical result; a
    different ``seed`` returns a different one. About
    ``BONDS_PER_MEMBER`` bonds per member are produced, ~83% of them
    inside a team and most of the rest inside a site, while passions are
    drawn independently of teams (long-tailed, Zipf-like popularity).

    Raises:
        TypeError: if ``members`` or ``seed`` is not an ``int``.
        ValueError: if ``members`` is not in ``1..MAX_MEMBERS``.
    """
    if isinstance(members, bool) or not isinstance(members, int):
        raise TypeError(f"members must be an int, got {type(members).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if members < 1 or members > MAX_MEMBERS:
        raise ValueError(f"members must be between 1 and {MAX_MEMBERS}, got {members}")
    return _generate(members, seed)


def _generate(members: int, seed: int) -> DemoCommunity:
    """Build the community; arguments are already validated."""
    rng = random.Random(seed)
    rnd: Callable[[], float] = rng.random

    # --- sites -------------------------------------------------------------
    n_sites = _site_count(members)
    cities = list(_CITIES)
    rng.shuffle(cities)
    cities = cities[:n_sites]
    site_ids = [f"site-{i + 1:04d}" for i in range(n_sites)]
    sites = [
        {"id": site_ids[i], "name": f"{city} {_SITE_KINDS[int(rnd() * len(_SITE_KINDS))]}", "city": city}
        for i, city in enumerate(cities)
    ]
    site_cum = _cumulative(_zipf_weights(n_sites, 0.8))
    site_total = site_cum[-1]

    # --- teams (sizes vary around ~11, min 3 unless the community is tiny) --
    team_sizes: list[int] = []
    remaining = members
    log_median = math.log(9.5)
    while remaining > 0:
        size = max(3, min(40, round(rng.lognormvariate(log_median, 0.45))))
        if remaining - size < 3:
            size = remaining
        team_sizes.append(size)
        remaining -= size
    n_teams = len(team_sizes)

    unit_names = list(_UNITS)
    unit_cum = _cumulative([_UNITS[u][0] for u in unit_names])
    unit_total = unit_cum[-1]
    width = max(4, len(str(n_teams)))  # keeps string order == numeric order past 9,999 teams
    team_ids = [f"team-{i + 1:0{width}d}" for i in range(n_teams)]
    team_unit: list[str | None] = []
    team_site: list[int] = []
    teams: list[dict] = []
    name_next: dict[str, int] = {}
    for t in range(n_teams):
        site = bisect_right(site_cum, rnd() * site_total)
        if rnd() < _STANDALONE_SHARE:
            unit: str | None = None
            base = _STANDALONE_TEAMS[int(rnd() * len(_STANDALONE_TEAMS))]
        else:
            unit = unit_names[bisect_right(unit_cum, rnd() * unit_total)]
            heads, tails = _UNITS[unit][1], _UNITS[unit][2]
            base = f"{heads[int(rnd() * len(heads))]} {tails[int(rnd() * len(tails))]}"
        name = base
        if name in name_next:
            name = f"{base} {cities[site]}"
            if name in name_next:
                n = name_next[name]
                name_next[name] = n + 1
                name = f"{name} {n}"
        name_next[name] = 2
        team_unit.append(unit)
        team_site.append(site)
        teams.append({"id": team_ids[t], "name": name, "parent": unit, "siteId": site_ids[site]})

    # --- members -> teams and sites -----------------------------------------
    order = list(range(members))
    rng.shuffle(order)
    team_of = [0] * members
    team_members: list[list[int]] = []
    start = 0
    for t, size in enumerate(team_sizes):
        chunk = sorted(order[start:start + size])
        start += size
        team_members.append(chunk)
        for m in chunk:
            team_of[m] = t
    site_of = [0] * members
    for m in range(members):
        home = team_site[team_of[m]]
        site_of[m] = home if rnd() < _STAY_AT_TEAM_SITE else bisect_right(site_cum, rnd() * site_total)
    site_members: list[list[int]] = [[] for _ in range(n_sites)]
    for m in range(members):
        site_members[site_of[m]].append(m)

    member_ids = [f"member-{i + 1:06d}" for i in range(members)]
    member_teams = [{"member": member_ids[m], "team": team_ids[team_of[m]]} for m in range(members)]
    member_sites = [{"member": member_ids[m], "site": site_ids[site_of[m]]} for m in range(members)]

    # --- join days: ids follow joining order --------------------------------
    span = _JOIN_LAST - _JOIN_FIRST + 1
    join_day = sorted(_JOIN_FIRST + int(rnd() * span) for _ in range(members))

    # --- passions -----------------------------------------------------------
    n_passions = _passion_count(members)
    passions: list[dict] = []
    passion_phrase: list[str] = []
    seen_slugs: set[str] = set()
    for name, category in _passion_catalog(rng):
        slug = _slugify(name)
        if slug in seen_slugs:
            continue
        seen_slugs.add(slug)
        phrase = _phrase(name)
        templates = _PASSION_CATEGORIES[category][2]
        passions.append({
            "id": f"passion-{len(passions) + 1:04d}",
            "slug": slug,
            "name": name,
            "description": templates[int(rnd() * len(templates))].format(phrase),
        })
        passion_phrase.append(phrase)
        if len(passions) == n_passions:
            break
    # popularity: Zipf over a rank order that favours base names but mixes a little
    ranks = sorted(range(n_passions), key=lambda i: i + rnd() * n_passions * 0.1)
    rank_weight = _zipf_weights(n_passions, 1.0)
    passion_weight = [0.0] * n_passions
    for r, p in enumerate(ranks):
        passion_weight[p] = rank_weight[r]
    passion_cum = _cumulative(passion_weight)
    passion_total = passion_cum[-1]

    count_cum = _cumulative((0.03, 0.22, 0.30, 0.24, 0.13, 0.08))  # 0..5 passions
    intensity_cum = _cumulative((0.08, 0.17, 0.30, 0.27, 0.18))  # 1..5
    passion_ids = [p["id"] for p in passions]
    passion_links: list[dict] = []
    member_passions: list[list[int]] = []
    for m in range(members):
        k = bisect_right(count_cum, rnd())
        mine: list[int] = []
        tries = 0
        while len(mine) < k and tries < 4 * k:
            tries += 1
            p = bisect_right(passion_cum, rnd() * passion_total)
            if p not in mine:
                mine.append(p)
        member_passions.append(mine)
        mid = member_ids[m]
        for p in mine:
            passion_links.append({
                "member": mid,
                "passion": passion_ids[p],
                "intensity": bisect_right(intensity_cum, rnd()) + 1,
                "since": _DAYS[int(rnd() * (_LAST_DAY + 1))],
            })

    # --- skills -------------------------------------------------------------
    skill_names = list(_SKILLS)
    rng.shuffle(skill_names)
    skill_names = skill_names[:_skill_count(members)]
    skills = [
        {"id": f"skill-{i + 1:04d}", "slug": _slugify(name), "name": name}
        for i, name in enumerate(skill_names)
    ]
    n_skills = len(skills)
    skill_cum = _cumulative(_zipf_weights(n_skills, 0.7))
    skill_total = skill_cum[-1]
    seek_cum = _cumulative((0.30, 0.45, 0.25))  # 0..2
    offer_cum = _cumulative((0.15, 0.35, 0.30, 0.20))  # 0..3
    seeks: list[dict] = []
    offers: list[dict] = []
    member_seek: list[int] = []
    member_offer: list[int] = []
    for m in range(members):
        n_seek = bisect_right(seek_cum, rnd())
        n_offer = bisect_right(offer_cum, rnd())
        sought: list[int] = []
        offered: list[int] = []
        for wanted, bucket in ((n_seek, sought), (n_offer, offered)):
            tries = 0
            while len(bucket) < wanted and tries < 4 * wanted:
                tries += 1
                s = bisect_right(skill_cum, rnd() * skill_total)
                if s not in sought and s not in offered:
                    bucket.append(s)
        mid = member_ids[m]
        for s in sought:
            seeks.append({"member": mid, "skill": skills[s]["id"]})
        for s in offered:
            offers.append({"member": mid, "skill": skills[s]["id"]})
        member_seek.append(sought[0] if sought else -1)
        member_offer.append(offered[0] if offered else -1)

    # --- names, handles, text -----------------------------------------------
    first_parts = [_handle_part(n) for n in _FIRST_NAMES]
    last_parts = [_handle_part(n) for n in _LAST_NAMES]
    n_first, n_last = len(_FIRST_NAMES), len(_LAST_NAMES)
    handle_next: dict[str, int] = {}
    skill_phrase = [_phrase(s["name"]) for s in skills]
    # per parent unit: every "seniority role" title, capitalised; and its audience
    titles: dict[str | None, list[str]] = {}
    audiences: dict[str | None, str] = {None: "newcomers"}
    for unit_name in (*unit_names, None):
        roles = _UNITS[unit_name][3] if unit_name is not None else _STANDALONE_ROLES
        if unit_name is not None:
            audiences[unit_name] = _UNITS[unit_name][4]
        titles[unit_name] = [
            (title := f"{seniority} {role}".strip())[0].upper() + title[1:]
            for seniority in _SENIORITY
            for role in roles
        ]
    all_audiences = [audiences[u] for u in unit_names]
    clock = [f"T{8 + minute // 60:02d}:{minute % 60:02d}:00Z" for minute in range(600)]  # 08:00..17:59 UTC
    member_rows: list[dict] = []
    for m in range(members):
        fi = int(rnd() * n_first)
        li = int(rnd() * n_last)
        base = f"{first_parts[fi]}.{last_parts[li]}"[:32]
        n = handle_next.get(base, 1)
        handle_next[base] = n + 1
        handle = f"{base}{n}"
        t = team_of[m]
        unit = team_unit[t]
        unit_titles = titles[unit]
        fields = {
            "Role": unit_titles[int(rnd() * len(unit_titles))],
            "team": teams[t]["name"],
            "city": cities[site_of[m]],
            "unit": unit if unit is not None else "my team",
            "audience": audiences[unit],
            "audience2": all_audiences[int(rnd() * len(all_audiences))],
            "p1": "",
            "p2": "",
            "seek": skill_phrase[member_seek[m]] if member_seek[m] >= 0 else "",
            "offer": skill_phrase[member_offer[m]] if member_offer[m] >= 0 else "",
        }
        mine = member_passions[m]
        if mine:
            fields["p1"] = passion_phrase[mine[0]]
        if len(mine) > 1:
            fields["p2"] = passion_phrase[mine[1]]

        roll = rnd()
        if len(mine) > 1 and roll < 0.35:
            headlines = _HEADLINES_PP
        elif mine and roll < 0.75:
            headlines = _HEADLINES_P
        elif fields["offer"] and roll < 0.87:
            headlines = _HEADLINES_OFFER
        else:
            headlines = _HEADLINES_PLAIN
        headline = headlines[int(rnd() * len(headlines))].format_map(fields)

        roll = rnd()
        if len(mine) > 1 and roll < 0.2:
            visions = _VISIONS_PP
        elif mine and roll < 0.6:
            visions = _VISIONS_P
        elif fields["seek"] and fields["offer"] and roll < 0.75:
            visions = _VISIONS_SKILL
        elif fields["seek"] and roll < 0.82:
            visions = _VISIONS_SEEK
        else:
            visions = _VISIONS_PLAIN
        vision = visions[int(rnd() * len(visions))].format_map(fields) + "."
        if rnd() < 0.35:
            tail = _VISION_TAILS[int(rnd() * len(_VISION_TAILS))]
            if "{p2}" not in tail or fields["p2"]:
                vision = f"{vision} {tail.format_map(fields)}"

        member_rows.append({
            "id": member_ids[m],
            "handle": handle,
            "name": f"{_FIRST_NAMES[fi]} {_LAST_NAMES[li]}",
            "email": f"{handle}@example.org",
            "headline": _fit(headline, _HEADLINE_MAX),
            "vision": _fit(vision, _VISION_MAX),
            "joinedAt": _DAYS[join_day[m]] + clock[int(rnd() * 600)],
        })

    # --- bonds --------------------------------------------------------------
    bond_a: list[int] = []
    bond_b: list[int] = []
    bond_k: list[int] = []
    target = round(BONDS_PER_MEMBER * members)

    # inside teams: every pair draws each kind independently
    pairs = sum(s * (s - 1) // 2 for s in team_sizes)
    if pairs:
        scale = _IN_TEAM_SHARE * target / (pairs * sum(_IN_TEAM_RATES))
        p0, p1, p2, p3, p4 = (min(_IN_TEAM_MAX_P, r * scale) for r in _IN_TEAM_RATES)
        add_a, add_b, add_k = bond_a.append, bond_b.append, bond_k.append
        for chunk in team_members:
            size = len(chunk)
            for x in range(size - 1):
                a = chunk[x]
                for y in range(x + 1, size):
                    b = chunk[y]
                    if rnd() < p0:
                        add_a(a)
                        add_b(b)
                        add_k(0)
                    if rnd() < p1:
                        add_a(a)
                        add_b(b)
                        add_k(1)
                    if rnd() < p2:
                        add_a(a)
                        add_b(b)
                        add_k(2)
                    if rnd() < p3:
                        add_a(a)
                        add_b(b)
                        add_k(3)
                    if rnd() < p4:
                        add_a(a)
                        add_b(b)
                        add_k(4)

    # across teams: mostly inside the same site, a few anywhere
    cross_cum = _cumulative(_CROSS_TEAM_WEIGHTS)
    cross_total = cross_cum[-1]
    seen: set[int] = set()
    for share, same_site in ((_SAME_SITE_SHARE, True), (1.0 - _IN_TEAM_SHARE - _SAME_SITE_SHARE, False)):
        wanted = round(share * target)
        made = 0
        attempts = 0
        while made < wanted and attempts < 4 * wanted:
            attempts += 1
            a = int(rnd() * members)
            if same_site:
                pool = site_members[site_of[a]]
                b = pool[int(rnd() * len(pool))]
            else:
                b = int(rnd() * members)
            if team_of[a] == team_of[b]:
                continue
            if b < a:
                a, b = b, a
            k = bisect_right(cross_cum, rnd() * cross_total)
            key = (a * members + b) * 5 + k
            if key in seen:
                continue
            seen.add(key)
            bond_a.append(a)
            bond_b.append(b)
            bond_k.append(k)
            made += 1

    strength = _STRENGTHS
    days = _DAYS
    last = _LAST_DAY + 1
    lows = [lo for lo, _ in _STRENGTH_RANGE]
    spans = [hi - lo for lo, hi in _STRENGTH_RANGE]
    # b > a joined later (ids follow join order), so a bond starts after join_day[b]
    bonds = [
        {
            "a": member_ids[a],
            "b": member_ids[b],
            "kind": _KINDS[k],
            "strength": strength[lows[k] + int(rnd() * spans[k])],
            "since": days[(jb := join_day[b]) + int(rnd() * (last - jb))],
            "source": "demo",
        }
        for a, b, k in zip(bond_a, bond_b, bond_k)
    ]

    return DemoCommunity(
        sites=sites,
        teams=teams,
        passions=passions,
        skills=skills,
        members=member_rows,
        member_teams=member_teams,
        member_sites=member_sites,
        passion_links=passion_links,
        bonds=bonds,
        seeks=seeks,
        offers=offers,
    )
