// Same Graph responses as Facebook Pages (me/accounts with instagram_business_account expanded).
export { ZFacebookTokenSet, ZGraphInstagramAccount, ZGraphPage, ZGraphPageList } from "@/lib/providers/facebook/schema";
